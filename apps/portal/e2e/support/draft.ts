import { expect, type Page } from '@playwright/test';

const form = (page: Page) => page.locator('efa-form');

/**
 * Puts the application into the form as a draft at `stepId` and loads `formUrl` again, as if
 * the citizen had typed it and come back: the draft, not the test, brings the page to that step.
 */
export async function continueDraft(
  page: Page,
  formUrl: string,
  data: unknown,
  stepId: string,
): Promise<void> {
  // The definition is there once the form shows a step (or the check page).
  await expect
    .poll(() =>
      form(page).evaluate((element) => (element as unknown as { currentStepId: string }).currentStepId),
    )
    .not.toBe('');
  await form(page).evaluate(
    (element, { data, stepId }) => {
      const assistant = element as unknown as {
        restore(data: unknown, step: string): void;
        flushDraft(): void;
      };
      assistant.restore(data, stepId);
      assistant.flushDraft();
    },
    { data, stepId },
  );
  await page.goto(formUrl);
  await expect(
    form(page).getByText(/Ihr Entwurf vom .* wurde wiederhergestellt|Your draft of .* was restored/),
  ).toBeVisible();
}

/** At the provider simulator's checkout: pays by card and waits until back at the dog form. */
export async function payAtSimulator(page: Page, cardHolder: string): Promise<void> {
  await page.getByRole('button', { name: 'Jetzt bezahlen' }).click();
  await expect(page).toHaveURL(/\/checkout\//);
  await page.getByLabel('Name auf der Karte').fill(cardHolder);
  await page.getByLabel('Kartennummer').fill('4111 1111 1111 1111');
  await page.getByRole('button', { name: 'Mit Karte bezahlen' }).click();
  await expect(page).toHaveURL(/\/antrag\/hund-anmelden.*payment=/);
}
