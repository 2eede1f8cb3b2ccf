// The Log-Type header names the record type; the table is `<Log-Type>_CL`
// (spec/azure-wire-contracts.md §5.1 [doc]: letters, digits and `_` only, at most 100 characters — so
// classic table names run to 103 characters, which the workspace accepts for tables this API creates;
// MicrosoftDocs/azure-docs #6603 [obs]: longer Log-Types are refused with 400 InvalidLogType).

export const MAX_LOG_TYPE_LENGTH = 100;
export const CUSTOM_LOG_SUFFIX = '_CL';

/** Why a Log-Type is not valid, or undefined when it is. */
export function logTypeProblem(logType: string): string | undefined {
  if (logType.length === 0) return 'it is empty';
  if (logType.length > MAX_LOG_TYPE_LENGTH) return `it is ${logType.length} characters long; the limit is ${MAX_LOG_TYPE_LENGTH}`;
  if (!/^[A-Za-z0-9_]+$/.test(logType)) return "it may contain only letters, digits and '_'";
  return undefined;
}

/** The table a Log-Type writes to. */
export function tableForLogType(logType: string): string {
  return logType + CUSTOM_LOG_SUFFIX;
}
