/**
 * Passwords that appear at the top of every breach list. The length rule
 * (10+) already excludes most short ones; these are the long-enough ones
 * people still pick.
 */
export const commonPasswords = new Set([
  '1234567890', '12345678910', '0123456789', '1111111111', '0000000000', '1234512345', '1qaz2wsx3edc',
  'qwertyuiop', 'qwerty12345', 'qwerty123456', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'asdfghjkl;',
  'password12', 'password123', 'password1234', 'passw0rd123', 'p@ssw0rd123', 'password!1', 'iloveyou123',
  'football123', 'baseball123', 'basketball', 'superman123', 'batman1234', 'starwars123', 'princess123',
  'sunshine123', 'welcome123', 'welcome1234', 'letmein123', 'trustno1234', 'monkey12345', 'dragon12345',
  'michael123', 'jennifer123', 'charlie123', 'computer123', 'whatever123', 'abcdefghij', 'abcd123456',
  'abc1234567', 'a123456789', 'aa12345678', 'zxcvbnm123', 'zaq12wsxcde', 'changeme123', 'administrator',
  'admin12345', 'admin123456', 'qazwsxedcrfv', 'iloveyou12', 'loveyou1234', '5201314520', '1314520520',
  'woaini1314', 'woaini520', 'aaaaaaaaaa', 'asdfasdfasdf', 'qweasdzxc123', 'password2024', 'password2025',
  'password2026', 'kindred123', 'kindred1234', 'hiking12345',
]);

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters';
  if (password.length > 128) return 'must be at most 128 characters';
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return 'is too common';
  if (lower.includes(username.toLowerCase())) return 'must not contain your username';
  if (new Set(password).size < 4) return 'needs more different characters';
  return null;
}
