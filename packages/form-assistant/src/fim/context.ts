import type { FimRule, LocalizedText } from '../schema/definition.js';
import { CodeListResolver } from './code-lists.js';
import type { XdfDialect } from './dialect.js';
import { fimError } from './errors.js';
import type { GenericodeList } from './genericode.js';
import { type NameHeuristics, NameMatcher, withHeuristics } from './name-heuristics.js';
import { type ImportWarning, type ImportWarningCode, importWarning, type WarningParams } from './warnings.js';
import { child, children, codeOf, text, type XmlNode } from './xml.js';

export interface ImportOptions {
  /** Id of the resulting form; default "fim-" + the schema id in lower case. */
  formId?: string;
  /** Code lists (genericode) that resolve `codelisteReferenz` by canonical URI. */
  codeLists?: readonly GenericodeList[];
  /** Largest accepted file in bytes (default 10 MB). */
  maxBytes?: number;
  /**
   * A state's own field names (prefill attributes, autocomplete tokens, IBAN/e-mail/phone
   * fields), tried before the kit's German defaults (`defaultNameHeuristics`).
   */
  heuristics?: Partial<NameHeuristics>;
}

export interface RuleUse {
  rule: FimRule;
  ownerFimId: string;
}

/** Elements the standard allows once; a second one is reported, not silently merged. */
const singletons = [
  'identifikation',
  'name',
  'bezeichnungEingabe',
  'hilfetextEingabe',
  'feldart',
  'datentyp',
  'praezisierung',
  'inhalt',
  'vorbefuellung',
  'codelisteReferenz',
  'maxSize',
];

/** What one import collects while it walks the message: warnings, rules, code lists. */
export class ImportContext {
  readonly warnings: ImportWarning[] = [];
  readonly rules = new Map<string, RuleUse>();
  readonly codeLists: CodeListResolver;
  readonly names: NameMatcher;

  constructor(
    readonly dialect: XdfDialect,
    options: ImportOptions,
  ) {
    this.codeLists = new CodeListResolver(dialect, options.codeLists ?? [], this);
    this.names = new NameMatcher(withHeuristics(options.heuristics));
  }

  warn(code: ImportWarningCode, fimId: string, params?: WarningParams, path?: string): void {
    this.warnings.push(importWarning(code, fimId, params, path));
  }

  ident(node: XmlNode): { id: string; version?: string } {
    const identification = child(node, 'identifikation');
    const id = text(identification, 'id');
    if (id === '') throw fimError('FORM_FIM_INVALID', { reason: 'element without <identifikation><id>' });
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(id)) {
      throw fimError('FORM_FIM_INVALID', { reason: `id "${id.slice(0, 40)}" is not a FIM id` });
    }
    const version = text(identification, 'version');
    return version === '' ? { id } : { id, version };
  }

  checkSingletons(node: XmlNode, fimId: string): void {
    for (const name of singletons) {
      if (children(node, name).length > 1) this.warn('FIM_DUPLICATE_ELEMENT', fimId, { element: name });
    }
  }

  /** The root must be released; contained elements only must not be withdrawn. */
  checkStatus(node: XmlNode, fimId: string, root: boolean): void {
    const status = codeOf(node, this.dialect.statusElement);
    if (status === '') return;
    const { released, withdrawn } = this.dialect;
    if (root ? !released.includes(status) : withdrawn.includes(status)) {
      this.warn('FIM_STATUS_NOT_RELEASED', fimId, { status });
    }
  }

  labelOf(node: XmlNode, fallback: string): LocalizedText {
    return { de: text(node, 'bezeichnungEingabe') || text(node, 'name') || fallback };
  }

  hintOf(node: XmlNode): LocalizedText | undefined {
    const hint = text(node, 'hilfetextEingabe');
    return hint === '' ? undefined : { de: hint };
  }

  anzahl(value: string, fimId: string): { min: number; max: number | undefined } {
    const match = /^(\d+):(\d+|\*)$/.exec(value.replace(/\s/g, ''));
    if (!match) {
      this.warn('FIM_ANZAHL_INVALID', fimId, { anzahl: value });
      return { min: 1, max: 1 };
    }
    const min = Number(match[1]);
    const max = match[2] === '*' ? undefined : Number(match[2]);
    if (max !== undefined && (max < min || max === 0)) {
      this.warn('FIM_ANZAHL_INVALID', fimId, { anzahl: value });
      return { min: 1, max: 1 };
    }
    return { min: Math.min(min, 1_000), max: max === undefined ? undefined : Math.min(max, 1_000) };
  }
}
