/** The one PostgreSQL schema this system owns (seed: `CREATE SCHEMA data_ingestion`). */
export const SCHEMA = 'data_ingestion';

/** NUMERIC(18,6): bar prices (see README, "Deliberate changes to the seed"). */
export const PRICE = { type: 'numeric', precision: 18, scale: 6 } as const;

/** NUMERIC(25,6): bar volumes, fractional shares included (see README, "Deliberate changes to the seed"). */
export const VOLUME = { type: 'numeric', precision: 25, scale: 6 } as const;
