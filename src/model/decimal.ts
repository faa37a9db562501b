/**
 * Numbers as humans and Prometheus should read them: `0.0144`, never `0.014399999999998414`, and never
 * exponent notation.
 */

/** Significant digits kept when rounding away binary floating-point noise. */
const SIGNIFICANT_DIGITS = 12;

/** Rounds away floating-point noise: `1 - 0.999` becomes exactly `0.001`. */
export function roundSignificant(value: number, digits: number = SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(value) || value === 0) {
    return value;
  }
  return Number(value.toPrecision(digits));
}

/** Renders a finite number as a plain decimal after rounding away noise: 0.0144, 13.44, 0.0000001. */
export function formatDecimal(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`cannot format ${value} as a decimal`);
  }
  const rounded = roundSignificant(value);
  const text = String(rounded);
  if (!/e/i.test(text)) {
    return text;
  }
  // Expand exponent notation by moving the decimal point in the digit string.
  const [mantissa, exponentText] = text.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const [integerPart, fractionPart = ''] = unsigned.split('.');
  const digits = integerPart + fractionPart;
  const pointIndex = integerPart.length + exponent;
  let expanded: string;
  if (pointIndex <= 0) {
    expanded = '0.' + '0'.repeat(-pointIndex) + digits;
  } else if (pointIndex >= digits.length) {
    expanded = digits + '0'.repeat(pointIndex - digits.length);
  } else {
    expanded = digits.slice(0, pointIndex) + '.' + digits.slice(pointIndex);
  }
  expanded = expanded.includes('.') ? expanded.replace(/0+$/, '').replace(/\.$/, '') : expanded;
  return (negative ? '-' : '') + expanded;
}

/** Renders a ratio as a percentage for people: 0.999 → "99.9%". */
export function formatPercent(ratio: number): string {
  return `${formatDecimal(ratio * 100)}%`;
}
