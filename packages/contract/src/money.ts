/**
 * Amounts are integers in a currency's minor unit (ISO 4217): cents for USD,
 * fen for CNY, but yen for JPY and won for KRW, which have none, and
 * thousandths for KWD. These convert to and from what people read and type.
 */
const digitsByCurrency = new Map<string, number>();

/** How many digits follow the decimal point in the currency (2 when the runtime does not know it). */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** 8800 CNY → 88; 8800 JPY → 8800. */
export function toMajorUnits(amount: number, currency: string): number {
  return amount / 10 ** minorDigits(currency);
}

/** 88.5 CNY → 8850; 8800 JPY → 8800 (rounded to the minor unit). */
export function toMinorUnits(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}
