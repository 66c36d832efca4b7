import { randomBytes } from 'node:crypto';

/**
 * The run's credentials: distinctive values (a fixed marker plus random hex)
 * that cannot occur by chance, so the secret scan can look for them in every
 * log line, HTTP answer, Redis key and table row.
 */
export interface SystemSecrets {
  readonly polygonApiKey: string;
  readonly alpacaKeyId: string;
  readonly alpacaSecretKey: string;
  readonly internalApiToken: string;
  readonly gatewayAdminToken: string;
}

const distinctive = (what: string) => `FAULTSUITE${what}${randomBytes(12).toString('hex')}`;

export function newSecrets(): SystemSecrets {
  return {
    polygonApiKey: distinctive('POLYGONKEY'),
    alpacaKeyId: distinctive('ALPACAID'),
    alpacaSecretKey: distinctive('ALPACASECRET'),
    internalApiToken: distinctive('INTERNALTOKEN'),
    gatewayAdminToken: distinctive('ADMINTOKEN'),
  };
}

/** Values that must never leave the process that holds them. */
export function secretValues(secrets: SystemSecrets): Array<{ name: string; value: string }> {
  return Object.entries(secrets).map(([name, value]) => ({ name, value: String(value) }));
}
