/** Query parameters and headers that carry provider credentials. */
export const SECRET_QUERY_PARAMS = ['apiKey', 'apikey', 'api_key', 'token'] as const;
export const SECRET_HEADERS = ['authorization', 'apca-api-key-id', 'apca-api-secret-key', 'x-api-key'] as const;

const QUERY_SECRET = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&#\\s"']*`, 'gi');
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi;

/**
 * Removes credentials from free text (URLs in error messages, axios errors):
 * query-string keys, passwords in connection URLs, and any known secret value.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let result = text.replace(QUERY_SECRET, '$1[redacted]').replace(URL_PASSWORD, '$1[redacted]@');
  for (const secret of knownSecrets) {
    // Short values would redact ordinary words; real keys are long.
    if (secret.length >= 6) result = result.split(secret).join('[redacted]');
  }
  return result;
}
