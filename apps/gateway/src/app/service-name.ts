export const SERVICE_NAME = 'gateway';
