import type { FormDefinition, Item } from '../schema/definition.js';
import { formDefinitionFormat } from '../schema/definition.js';
import { formDefinitionSchema } from '../schema/index.js';
import { ImportContext, type ImportOptions } from './context.js';
import { dialects, type XdfVersion, xdfVersionOf } from './dialect.js';
import { fimError } from './errors.js';
import { applyRules, readRule } from './rules.js';
import { formIdFor, stepsFor } from './steps.js';
import { group, structure } from './structure.js';
import type { ImportWarning } from './warnings.js';
import { child, children, parseXml, text } from './xml.js';

export type { ImportOptions } from './context.js';
export type { XdfVersion } from './dialect.js';

export interface ImportResult {
  definition: FormDefinition;
  warnings: ImportWarning[];
  /** XDatenfelder version and message type read. */
  source: {
    xdfVersion: XdfVersion;
    message: 'stammdatenschema' | 'datenfeldgruppe' | 'datenfeld';
    nachrichtID?: string;
  };
}

const messages = {
  'xdatenfelder.stammdatenschema.0102': 'stammdatenschema',
  'xdatenfelder.datenfeldgruppe.0103': 'datenfeldgruppe',
  'xdatenfelder.datenfeld.0104': 'datenfeld',
} as const;

/**
 * Reads the message and maps it. A function of its own so that the XML tree is garbage once
 * it returns: the definition check that follows allocates much, and each young-generation
 * collection during it would otherwise copy the whole tree again.
 */
function readDefinition(
  xml: string,
  options: ImportOptions,
): { definition: FormDefinition; context: ImportContext; source: ImportResult['source'] } {
  const root = parseXml(xml, options.maxBytes);
  const messageName = Object.keys(root).find((name): name is keyof typeof messages => name in messages);
  const xdfVersion = xdfVersionOf(xml);
  if (!messageName || !xdfVersion) throw fimError('FORM_FIM_UNKNOWN_MESSAGE');
  const message = child(root, messageName);
  const kind = messages[messageName];
  const body = child(message, kind);
  if (body === undefined) throw fimError('FORM_FIM_INVALID', { reason: `<${kind}> missing` });
  const nachrichtID = text(child(message, 'header'), 'nachrichtID');
  const dialect = dialects[xdfVersion];
  const context = new ImportContext(dialect, options);

  let definition: FormDefinition;
  if (kind === 'stammdatenschema') {
    const { id, version } = context.ident(body);
    context.checkStatus(body, id, true);
    const title = { de: text(body, dialect.schemaTitleElement) || text(body, 'name') || id };
    const help = text(body, dialect.schemaHelpElement);
    const rules = children(body, 'regel').map((rule) => readRule(context, rule, id));
    const items = structure(context, body);
    if (items.length === 0)
      throw fimError('FORM_FIM_INVALID', { reason: 'Stammdatenschema without elements' });
    const name = text(body, 'name');
    definition = {
      format: formDefinitionFormat,
      id: options.formId ?? formIdFor(id),
      version: version ?? '0',
      title,
      ...(help ? { description: { de: help } } : {}),
      fim: {
        id,
        ...(version ? { version } : {}),
        xdfVersion,
        ...(name ? { name } : {}),
        ...(rules.length > 0 ? { rules } : {}),
      },
      steps: stepsFor(items, title),
    };
  } else {
    const { id, version } = context.ident(body);
    context.checkStatus(body, id, true);
    const items =
      kind === 'datenfeldgruppe'
        ? [group(context, body, id, { min: 1, max: 1 })]
        : structure(context, { struktur: [{ enthaelt: [{ datenfeld: [body] }] }] });
    const present = items.filter((item): item is Item => item !== undefined);
    if (present.length === 0) throw fimError('FORM_FIM_INVALID', { reason: 'group without elements' });
    const title = context.labelOf(body, id);
    definition = {
      format: formDefinitionFormat,
      id: options.formId ?? formIdFor(id),
      version: version ?? '0',
      title,
      fim: {
        id,
        ...(version ? { version } : {}),
        xdfVersion,
        ...(text(body, 'name') ? { name: text(body, 'name') } : {}),
      },
      steps: stepsFor(present, title),
    };
  }
  if (Object.keys(context.codeLists.lists).length > 0) definition.codeLists = context.codeLists.lists;
  return {
    definition,
    context,
    source: { xdfVersion, message: kind, ...(nachrichtID ? { nachrichtID } : {}) },
  };
}

/**
 * Imports an XDatenfelder 2.0 or 3.0 message (Stammdatenschema, Datenfeldgruppe or Datenfeld)
 * as a form definition. Throws an EfaError (FORM_FIM_…) when the input is not such a message;
 * lists what could not be mapped one to one as warnings.
 */
export function importXDatenfelder(xml: string, options: ImportOptions = {}): ImportResult {
  const { definition, context, source } = readDefinition(xml, options);
  applyRules(context, definition);

  const checked = formDefinitionSchema.safeParse(definition);
  if (!checked.success) {
    const reason = checked.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw fimError('FORM_FIM_DEFINITION_INVALID', { reason });
  }
  return {
    definition: checked.data,
    warnings: context.warnings,
    source,
  };
}
