#!/usr/bin/env node
/**
 * efa-fim-import <file.xml> [--codelist <genericode.xml>]… [--form-id <id>] [--lang de|en]
 *
 * Prints the form definition built from an XDatenfelder 2.0/3.0 file as JSON on stdout and the
 * import warnings on stderr. Exit code 0 on success (warnings or not), 1 when the input cannot
 * be imported, 2 on wrong usage.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isEfaError, isLocale, type Locale } from '@efa-kit/core';
import { parseGenericode } from '../fim/genericode.js';
import { importXDatenfelder } from '../fim/import.js';

const usage = {
  de: 'Aufruf: efa-fim-import <datei.xml> [--codelist <genericode.xml>]… [--form-id <kennung>] [--lang de|en]',
  en: 'Usage: efa-fim-import <file.xml> [--codelist <genericode.xml>]… [--form-id <id>] [--lang de|en]',
};

export function run(
  argv: string[],
  io: { out: (text: string) => void; err: (text: string) => void },
): number {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        codelist: { type: 'string', multiple: true },
        'form-id': { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  try {
    parsed = parse();
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${usage.de}\n${usage.en}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const lang: Locale = isLocale(values.lang) ? values.lang : 'de';
  if (values.help) {
    io.out(`${usage[lang]}\n`);
    return 0;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    io.err(`${usage[lang]}\n`);
    return 2;
  }
  try {
    const codeLists = (values.codelist ?? []).map((path) => parseGenericode(readFileSync(path, 'utf8')));
    const result = importXDatenfelder(readFileSync(file, 'utf8'), {
      codeLists,
      ...(values['form-id'] ? { formId: values['form-id'] } : {}),
    });
    for (const warning of result.warnings) {
      io.err(
        `${lang === 'de' ? 'Warnung' : 'warning'} ${warning.code} ${warning.fimId}: ${warning.message[lang]}\n`,
      );
    }
    io.out(`${JSON.stringify(result.definition, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (isEfaError(error)) {
      io.err(`${lang === 'de' ? 'Fehler' : 'error'} ${error.code}: ${error.localized(lang)}\n`);
    } else if (
      error instanceof Error &&
      'code' in error &&
      (error.code === 'ENOENT' || error.code === 'EISDIR')
    ) {
      io.err(
        `${lang === 'de' ? 'Fehler: Datei nicht lesbar' : 'error: cannot read file'}: ${error.message}\n`,
      );
    } else {
      io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    }
    return 1;
  }
}

// Run only as a program, not when imported by the tests.
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
