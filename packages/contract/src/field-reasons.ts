/**
 * Why one field of a request was refused. The server sends the English phrase (`reasonText`) as the
 * value in `error.fields`; clients read it back with `parseReason` and say it in their own words and
 * language. The phrases are part of the API: change one only together with its pattern here.
 */
export type FieldReason =
  | { kind: 'required' }
  | { kind: 'blank' }
  | { kind: 'tooShort'; limit: number }
  | { kind: 'tooLong'; limit: number }
  | { kind: 'tooFew'; limit: number }
  | { kind: 'tooMany'; limit: number }
  | { kind: 'minimum'; limit: number }
  | { kind: 'maximum'; limit: number }
  | { kind: 'above'; limit: number }
  | { kind: 'below'; limit: number }
  | { kind: 'wholeNumber' }
  | { kind: 'number' }
  | { kind: 'format'; format: string }
  | { kind: 'pattern' }
  | { kind: 'choice' }
  | { kind: 'notAllowed' }
  | { kind: 'duplicate' }
  | { kind: 'taken' }
  | { kind: 'invalid' };

export type FieldReasonKind = FieldReason['kind'];

/** The English phrase for a reason, as it follows the field's name: "title must have at most 120 characters". */
export function reasonText(reason: FieldReason): string {
  switch (reason.kind) {
    case 'required':
      return 'is required';
    case 'blank':
      return 'must not be blank';
    case 'tooShort':
      return `must have at least ${reason.limit} characters`;
    case 'tooLong':
      return `must have at most ${reason.limit} characters`;
    case 'tooFew':
      return `must have at least ${reason.limit} items`;
    case 'tooMany':
      return `must have at most ${reason.limit} items`;
    case 'minimum':
      return `must be at least ${reason.limit}`;
    case 'maximum':
      return `must be at most ${reason.limit}`;
    case 'above':
      return `must be more than ${reason.limit}`;
    case 'below':
      return `must be less than ${reason.limit}`;
    case 'wholeNumber':
      return 'must be a whole number';
    case 'number':
      return 'must be a number';
    case 'format':
      return `must be a valid ${reason.format}`;
    case 'pattern':
      return 'has characters or a form that is not allowed';
    case 'choice':
      return 'is not one of the choices';
    case 'notAllowed':
      return 'is not allowed';
    case 'duplicate':
      return 'contains duplicates';
    case 'taken':
      return 'is taken';
    case 'invalid':
      return 'is invalid';
  }
}

const limited: [RegExp, 'tooShort' | 'tooLong' | 'tooFew' | 'tooMany' | 'minimum' | 'maximum' | 'above' | 'below'][] = [
  [/^must have at least (-?[\d.]+) characters?$/, 'tooShort'],
  [/^must have at most (-?[\d.]+) characters?$/, 'tooLong'],
  [/^must have at least (-?[\d.]+) items?$/, 'tooFew'],
  [/^must have at most (-?[\d.]+) items?$/, 'tooMany'],
  [/^must be at least (-?[\d.]+)$/, 'minimum'],
  [/^must be at most (-?[\d.]+)$/, 'maximum'],
  [/^must be more than (-?[\d.]+)$/, 'above'],
  [/^must be less than (-?[\d.]+)$/, 'below'],
];

const fixed: Record<string, FieldReason> = {
  'is required': { kind: 'required' },
  'must not be blank': { kind: 'blank' },
  'must not be empty': { kind: 'required' },
  'must be a whole number': { kind: 'wholeNumber' },
  'must be a number': { kind: 'number' },
  'has characters or a form that is not allowed': { kind: 'pattern' },
  'is not one of the choices': { kind: 'choice' },
  'is not allowed': { kind: 'notAllowed' },
  'contains duplicates': { kind: 'duplicate' },
  'is taken': { kind: 'taken' },
  'is invalid': { kind: 'invalid' },
};

/** The reason a phrase from `error.fields` names, or null for a phrase that is particular to one rule. */
export function parseReason(text: string): FieldReason | null {
  const exact = fixed[text];
  if (exact) return exact;
  for (const [pattern, kind] of limited) {
    const m = pattern.exec(text);
    if (m) return { kind, limit: Number(m[1]) };
  }
  const format = /^must be a valid (.+)$/.exec(text);
  if (format) return { kind: 'format', format: format[1]! };
  return null;
}

/**
 * The reason for one JSON-schema (ajv) error, from its keyword and params. `data` is the value that
 * failed, when the validator reports it: an empty string that is too short is simply missing.
 */
export function schemaIssueReason(keyword: string, params: Record<string, unknown>, data?: unknown): FieldReason {
  const limit = Number(params.limit);
  switch (keyword) {
    case 'required':
      return { kind: 'required' };
    case 'minLength':
      return data === '' ? { kind: 'required' } : { kind: 'tooShort', limit };
    case 'maxLength':
      return { kind: 'tooLong', limit };
    case 'minItems':
      return limit === 1 ? { kind: 'required' } : { kind: 'tooFew', limit };
    case 'maxItems':
      return { kind: 'tooMany', limit };
    case 'minimum':
      return { kind: 'minimum', limit };
    case 'maximum':
      return { kind: 'maximum', limit };
    case 'exclusiveMinimum':
      return { kind: 'above', limit };
    case 'exclusiveMaximum':
      return { kind: 'below', limit };
    case 'multipleOf':
      return Number(params.multipleOf) === 1 ? { kind: 'wholeNumber' } : { kind: 'invalid' };
    case 'type':
      if (params.type === 'integer') return { kind: 'wholeNumber' };
      if (params.type === 'number') return { kind: 'number' };
      return { kind: 'invalid' };
    case 'format':
      return { kind: 'format', format: String(params.format) };
    case 'pattern':
      return data === '' ? { kind: 'required' } : { kind: 'pattern' };
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return { kind: 'choice' };
    case 'additionalProperties':
      return { kind: 'notAllowed' };
    case 'uniqueItems':
      return { kind: 'duplicate' };
    default:
      return { kind: 'invalid' };
  }
}
