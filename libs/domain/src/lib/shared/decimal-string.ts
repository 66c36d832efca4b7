/**
 * Money and prices travel as canonical decimal text ("216.802"), never as JS
 * numbers, so what a provider sent is what PostgreSQL's NUMERIC stores and what
 * an API returns. See libs/domain/README.md, "Prices and money".
 */
export type DecimalString = string;
