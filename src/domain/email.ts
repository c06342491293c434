/** Emails are compared case-insensitively: stored and looked up in this form. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
