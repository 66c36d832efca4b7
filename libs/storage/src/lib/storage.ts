export function storage(): string {
  return 'storage';
}
