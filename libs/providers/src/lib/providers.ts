export function providers(): string {
  return 'providers';
}
