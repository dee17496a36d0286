export { fimError } from './errors.js';
export { type GenericodeList, parseGenericode } from './genericode.js';
export { type ImportOptions, type ImportResult, importXDatenfelder, type XdfVersion } from './import.js';
export { defaultNameHeuristics, type NameHeuristics, type TextKind } from './name-heuristics.js';
export { type ImportWarning, type ImportWarningCode, importWarnings } from './warnings.js';
