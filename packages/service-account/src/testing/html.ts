/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** BundID-like page frame: plain, high contrast, readable at 320 px, focus always visible. */
export function page(lang: 'de' | 'en', title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; }
  body { margin: 0; background: #f2f4f7; color: #1b1b1b; }
  header { background: #000; color: #fff; padding: 0.75rem 1rem; border-bottom: 4px solid #dd0000; }
  header p { margin: 0; font-weight: 700; }
  header small { display: block; font-weight: 400; color: #e6e6e6; }
  main { max-width: 40rem; margin: 1.5rem auto; padding: 1.5rem; background: #fff; border-radius: 4px; }
  h1 { font-size: 1.5rem; margin-top: 0; }
  fieldset { border: 1px solid #737373; border-radius: 4px; margin: 0 0 1.25rem; padding: 0.75rem 1rem; }
  legend { font-weight: 700; padding: 0 0.25rem; }
  .option { display: flex; gap: 0.75rem; align-items: flex-start; padding: 0.5rem 0; }
  .option input { width: 1.25rem; height: 1.25rem; margin-top: 0.2rem; flex: none; }
  .option span { display: block; color: #4a4a4a; font-size: 0.9rem; }
  .option.unavailable label { color: #4a4a4a; }
  label { font-weight: 600; }
  select { display: block; width: 100%; font: inherit; padding: 0.5rem; margin-top: 0.25rem; border: 1px solid #4a4a4a; border-radius: 4px; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1.5rem; }
  button { font: inherit; font-weight: 600; padding: 0.6rem 1.25rem; border-radius: 4px; border: 2px solid #00457d; cursor: pointer; }
  button.primary { background: #00457d; color: #fff; }
  button.secondary { background: #fff; color: #00457d; }
  :focus-visible { outline: 3px solid #dd0000; outline-offset: 2px; }
  .notice { background: #fff4ce; border-left: 4px solid #8a6d00; padding: 0.5rem 0.75rem; }
  .error { background: #fde7e9; border-left: 4px solid #b00020; padding: 0.5rem 0.75rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
  dt { font-weight: 600; }
</style>
</head>
<body>
<header><p>Servicekonto – Entwicklungsumgebung<small>${lang === 'de' ? 'Nur für Tests. Keine echten Daten.' : 'For testing only. No real data.'}</small></p></header>
<main>
${body}
</main>
</body>
</html>`;
}
