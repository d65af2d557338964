import { isMfaRequired } from '@shared/rules/account-lifecycle';
import type { TAccountListItem } from '@shared/schemas/account';

/** Small word tags beside a name: what is unusual about an account, never told by colour alone. */
export function AccountTags({ account }: { account: TAccountListItem }) {
  return (
    <span className="tags">
      {!account.isEnabled && <span className="tag tag-danger">Disabled</span>}
      {account.mustChangePassword && <span className="tag">Temporary password pending</span>}
      {account.isDemo && <span className="tag tag-muted">Demo</span>}
    </span>
  );
}

/** How the authenticator stands, for the table and the detail alike. */
export function mfaText(account: TAccountListItem): string {
  if (account.hasMfa) return 'Set up';
  return isMfaRequired(account) ? 'Not yet' : 'Not needed';
}
