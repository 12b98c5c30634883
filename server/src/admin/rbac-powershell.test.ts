import { describe, expect, it } from 'vitest';
import { rbacPowerShell } from './rbac-powershell.ts';

describe('rbacPowerShell', () => {
  it('quotes what it fills in as PowerShell literals, so nothing in them runs', () => {
    const script = rbacPowerShell({ syncAppId: "app'; Remove-Mailbox -Identity x; '", domain: "o'hara.example" });
    expect(script).toContain("$AppId    = 'app''; Remove-Mailbox -Identity x; '''");
    expect(script).toContain("Get-DistributionGroup -Identity 'crm-sync@o''hara.example'");
    expect(script).not.toMatch(/^\s*Remove-Mailbox/m);
  });

  it('says where the app id goes when the server has no sync app, and uses an example domain without one', () => {
    const script = rbacPowerShell({ syncAppId: null, domain: null });
    expect(script).toContain("$AppId    = '<the sync app id (GRAPH_CLIENT_ID)>'");
    expect(script).toContain("-Resource 'someone@contoso.com'");
  });
});
