// The Exchange Online PowerShell an admin runs to restrict which mailboxes the mail
// sync may read: RBAC for Applications (which replaces Application Access Policies).
// Sources: learn.microsoft.com/exchange/permissions-exo/application-rbac and
// /graph/auth-limit-mailbox-access; the cmdlet pages of New-ServicePrincipal,
// New-ManagementScope, New-ManagementRoleAssignment and Test-ServicePrincipalAuthorization.
//
// The scope is a mail-enabled security group: the mailboxes in it are the ones the
// sync reads. MemberOfGroup filters on the group's distinguished name, so the script
// looks it up rather than asking the admin to type it. A mailbox outside the scope
// answers Graph with 403, which the sync shows as "not permitted", not as a failure.

/** A PowerShell single-quoted string: nothing inside is expanded, a quote is doubled. */
const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

export const RBAC_SCOPE_NAME = 'CRM for Outlook mail sync';

export function rbacPowerShell(options: {
  /** The sync's Entra app (GRAPH_CLIENT_ID); a placeholder when the server has none. */
  syncAppId: string | null;
  /** The tenant's first mail domain, for the example group and mailbox. */
  domain: string | null;
}): string {
  const domain = options.domain ?? 'contoso.com';
  const appId = options.syncAppId ?? '<the sync app id (GRAPH_CLIENT_ID)>';
  return `# Restrict which mailboxes the CRM for Outlook mail sync may read
# (Exchange Online RBAC for Applications). Run in Exchange Online PowerShell as an
# Exchange administrator (Organization Management):  Install-Module ExchangeOnlineManagement
#
# 1. Put the mailboxes the CRM may read in a mail-enabled security group.
# 2. Copy the object id of the sync app's ENTERPRISE APPLICATION (Entra admin center >
#    Enterprise applications > the app > Object ID), not the App registration's.
# 3. RBAC for Applications adds to what Microsoft Entra ID grants: once the test below shows
#    the scope, remove the admin-consented Mail.Read application permission from that
#    enterprise application (Permissions), or the sync can still read every mailbox.
Connect-ExchangeOnline

$AppId    = ${quoted(appId)}
$ObjectId = '<enterprise application object id>'
$Group    = Get-DistributionGroup -Identity ${quoted(`crm-sync@${domain}`)}

New-ServicePrincipal -AppId $AppId -ObjectId $ObjectId -DisplayName ${quoted(RBAC_SCOPE_NAME)}
New-ManagementScope -Name ${quoted(RBAC_SCOPE_NAME)} -RecipientRestrictionFilter "MemberOfGroup -eq '$($Group.DistinguishedName)'"
New-ManagementRoleAssignment -Name ${quoted(`${RBAC_SCOPE_NAME} - Mail.Read`)} -App $AppId -Role 'Application Mail.Read' -CustomResourceScope ${quoted(RBAC_SCOPE_NAME)}

# Check: InScope is True for a member of the group and False for anyone else. This test
# bypasses Exchange's cache; the sync sees a change after 30 minutes to 2 hours.
Test-ServicePrincipalAuthorization -Identity $AppId -Resource ${quoted(`someone@${domain}`)} | Format-Table
`;
}
