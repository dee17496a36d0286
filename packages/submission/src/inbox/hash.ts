const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** SHA-512 as FIT-Connect's metadata writes it: lower-case hex over the plaintext bytes. */
export async function sha512Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-512', bytes));
  let out = '';
  for (const byte of digest) out += hex[byte];
  return out;
}
