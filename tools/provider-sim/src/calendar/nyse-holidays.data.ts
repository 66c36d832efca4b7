/**
 * NYSE full-day closures and early closes, 2023-2027, kept here as data so the
 * simulator stays independent of the calendar code it is used to test.
 * Early closes end the regular session at 13:00 ET (extended hours end 17:00).
 */
export interface HolidayRow {
  date: string;
  name: string;
  status: 'closed' | 'early-close';
}

export const CALENDAR_FIRST_DATE = '2023-01-01';
export const CALENDAR_LAST_DATE = '2027-12-31';

export const NYSE_HOLIDAYS: readonly HolidayRow[] = [
  { date: '2023-01-02', name: 'New Years Day', status: 'closed' },
  { date: '2023-01-16', name: 'Martin Luther King, Jr. Day', status: 'closed' },
  { date: '2023-02-20', name: "Washington's Birthday", status: 'closed' },
  { date: '2023-04-07', name: 'Good Friday', status: 'closed' },
  { date: '2023-05-29', name: 'Memorial Day', status: 'closed' },
  { date: '2023-06-19', name: 'Juneteenth', status: 'closed' },
  { date: '2023-07-03', name: 'Independence Day', status: 'early-close' },
  { date: '2023-07-04', name: 'Independence Day', status: 'closed' },
  { date: '2023-09-04', name: 'Labor Day', status: 'closed' },
  { date: '2023-11-23', name: 'Thanksgiving', status: 'closed' },
  { date: '2023-11-24', name: 'Thanksgiving', status: 'early-close' },
  { date: '2023-12-25', name: 'Christmas', status: 'closed' },

  { date: '2024-01-01', name: 'New Years Day', status: 'closed' },
  { date: '2024-01-15', name: 'Martin Luther King, Jr. Day', status: 'closed' },
  { date: '2024-02-19', name: "Washington's Birthday", status: 'closed' },
  { date: '2024-03-29', name: 'Good Friday', status: 'closed' },
  { date: '2024-05-27', name: 'Memorial Day', status: 'closed' },
  { date: '2024-06-19', name: 'Juneteenth', status: 'closed' },
  { date: '2024-07-03', name: 'Independence Day', status: 'early-close' },
  { date: '2024-07-04', name: 'Independence Day', status: 'closed' },
  { date: '2024-09-02', name: 'Labor Day', status: 'closed' },
  { date: '2024-11-28', name: 'Thanksgiving', status: 'closed' },
  { date: '2024-11-29', name: 'Thanksgiving', status: 'early-close' },
  { date: '2024-12-24', name: 'Christmas', status: 'early-close' },
  { date: '2024-12-25', name: 'Christmas', status: 'closed' },

  { date: '2025-01-01', name: 'New Years Day', status: 'closed' },
  { date: '2025-01-09', name: 'National Day of Mourning', status: 'closed' },
  { date: '2025-01-20', name: 'Martin Luther King, Jr. Day', status: 'closed' },
  { date: '2025-02-17', name: "Washington's Birthday", status: 'closed' },
  { date: '2025-04-18', name: 'Good Friday', status: 'closed' },
  { date: '2025-05-26', name: 'Memorial Day', status: 'closed' },
  { date: '2025-06-19', name: 'Juneteenth', status: 'closed' },
  { date: '2025-07-03', name: 'Independence Day', status: 'early-close' },
  { date: '2025-07-04', name: 'Independence Day', status: 'closed' },
  { date: '2025-09-01', name: 'Labor Day', status: 'closed' },
  { date: '2025-11-27', name: 'Thanksgiving', status: 'closed' },
  { date: '2025-11-28', name: 'Thanksgiving', status: 'early-close' },
  { date: '2025-12-24', name: 'Christmas', status: 'early-close' },
  { date: '2025-12-25', name: 'Christmas', status: 'closed' },

  { date: '2026-01-01', name: 'New Years Day', status: 'closed' },
  { date: '2026-01-19', name: 'Martin Luther King, Jr. Day', status: 'closed' },
  { date: '2026-02-16', name: "Washington's Birthday", status: 'closed' },
  { date: '2026-04-03', name: 'Good Friday', status: 'closed' },
  { date: '2026-05-25', name: 'Memorial Day', status: 'closed' },
  { date: '2026-06-19', name: 'Juneteenth', status: 'closed' },
  { date: '2026-07-03', name: 'Independence Day', status: 'closed' },
  { date: '2026-09-07', name: 'Labor Day', status: 'closed' },
  { date: '2026-11-26', name: 'Thanksgiving', status: 'closed' },
  { date: '2026-11-27', name: 'Thanksgiving', status: 'early-close' },
  { date: '2026-12-24', name: 'Christmas', status: 'early-close' },
  { date: '2026-12-25', name: 'Christmas', status: 'closed' },

  { date: '2027-01-01', name: 'New Years Day', status: 'closed' },
  { date: '2027-01-18', name: 'Martin Luther King, Jr. Day', status: 'closed' },
  { date: '2027-02-15', name: "Washington's Birthday", status: 'closed' },
  { date: '2027-03-26', name: 'Good Friday', status: 'closed' },
  { date: '2027-05-31', name: 'Memorial Day', status: 'closed' },
  { date: '2027-06-18', name: 'Juneteenth', status: 'closed' },
  { date: '2027-07-05', name: 'Independence Day', status: 'closed' },
  { date: '2027-09-06', name: 'Labor Day', status: 'closed' },
  { date: '2027-11-25', name: 'Thanksgiving', status: 'closed' },
  { date: '2027-11-26', name: 'Thanksgiving', status: 'early-close' },
  { date: '2027-12-24', name: 'Christmas', status: 'closed' },
];
