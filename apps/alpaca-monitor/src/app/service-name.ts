export const SERVICE_NAME = 'alpaca-monitor';
