// Browser entry of @efa-kit/form-assistant: the elements are registered here once they exist.
export {};
