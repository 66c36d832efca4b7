import { validateSync } from 'class-validator';
import { BAR_FIELDS, BarCandidate, type BarField } from './bar-candidate';
import type { BarViolation } from './validate-bar';

/**
 * The bar rules evaluated through class-validator on the declared model
 * (BarCandidate). validateBar takes the direct path over the same rule
 * functions, which is an order of magnitude faster; this one is kept as the
 * reference the agreement spec compares it with.
 */
export function barViolationsViaClassValidator(candidate: Record<string, unknown>): BarViolation[] {
  const subject = new BarCandidate();
  for (const field of BAR_FIELDS) {
    subject[field] = candidate[field];
  }
  const violations: BarViolation[] = [];
  for (const error of validateSync(subject)) {
    for (const reason of Object.values(error.constraints ?? {})) {
      for (const part of reason.split('\n')) {
        violations.push({ field: error.property as BarField, reason: part });
      }
    }
  }
  const order = (field: BarField) => BAR_FIELDS.indexOf(field);
  return violations.sort((a, b) => order(a.field) - order(b.field));
}
