/*
 * PostgreSQL's binary NUMERIC (numeric_send): int16 ndigits, int16 weight,
 * uint16 sign, int16 dscale, then ndigits base-10000 digits (int16 each),
 * the first one worth 10000^weight. Trailing zero digits are never sent.
 */
const SIGN_POSITIVE = 0x0000;
const SIGN_NEGATIVE = 0x4000;
const SIGN_NAN = 0xc000;
const SIGN_INFINITY = 0xd000;
const SIGN_MINUS_INFINITY = 0xf000;
const HEADER_BYTES = 8;

/** 10^0..10^22: every one a double exactly (5^22 < 2^53). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Integers below this are doubles exactly, and so is every partial sum on the way to them. */
const EXACT_INTEGERS = 2 ** 53;

/**
 * The double nearest a binary NUMERIC's decimal value (ties to even), the
 * same double `parseFloat` gives for its text form: NaN, ±Infinity as such.
 * The digits make an integer m and a power of ten e (value = m x 10^e);
 * when m is below 2^53 and |e| at most 22, m and 10^|e| are exact doubles
 * and one IEEE multiplication or division rounds their exact product or
 * quotient once, correctly (Clinger's fast path). Any other value (over
 * 15 significant digits, or far from 1) goes through parseFloat of the
 * digits written out. `at` is the value's first byte, `length` its byte
 * count (checked: a NUMERIC of any other shape throws).
 */
export function numericToDouble(bytes: Uint8Array, at: number, length: number): number {
  const ndigits = (bytes[at] << 8) | bytes[at + 1];
  const weight = (((bytes[at + 2] << 8) | bytes[at + 3]) << 16) >> 16;
  const sign = (bytes[at + 4] << 8) | bytes[at + 5];
  if (length !== HEADER_BYTES + 2 * ndigits)
    throw new Error(
      `binary NUMERIC of ${length} bytes holds ${ndigits} digits: expected ${HEADER_BYTES + 2 * ndigits}`,
    );
  if (sign !== SIGN_POSITIVE && sign !== SIGN_NEGATIVE) {
    if (sign === SIGN_NAN) return NaN;
    if (sign === SIGN_INFINITY) return Infinity;
    if (sign === SIGN_MINUS_INFINITY) return -Infinity;
    throw new Error(`binary NUMERIC with an unknown sign 0x${sign.toString(16)}`);
  }
  let mantissa = 0;
  const end = at + length;
  for (let p = at + HEADER_BYTES; p < end; p += 2) mantissa = mantissa * 10000 + ((bytes[p] << 8) | bytes[p + 1]);
  const exponent = 4 * (weight - ndigits + 1);
  let magnitude: number;
  if (mantissa < EXACT_INTEGERS && exponent >= -22 && exponent <= 22)
    magnitude = exponent < 0 ? mantissa / EXACT_POWERS_OF_TEN[-exponent] : mantissa * EXACT_POWERS_OF_TEN[exponent];
  else magnitude = parseFloat(`${digitsText(bytes, at + HEADER_BYTES, end)}e${exponent}`);
  return sign === SIGN_NEGATIVE ? -magnitude : magnitude;
}

/** The base-10000 digits from `from` to `end` as one decimal integer's text (each but the first padded to 4). */
function digitsText(bytes: Uint8Array, from: number, end: number): string {
  if (from === end) return '0';
  let text = String((bytes[from] << 8) | bytes[from + 1]);
  for (let p = from + 2; p < end; p += 2) text += String((bytes[p] << 8) | bytes[p + 1]).padStart(4, '0');
  return text;
}
