// The tenant's users: each one's role (admin or member) and whether the sync reads
// their mailbox. The server keeps at least one admin (409 LAST_ADMIN).
import {
  Select,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ConsoleUser, Me, Role, UserUpdate } from '../api.ts';
import { consoleKeys, useConsoleApi } from '../context.tsx';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { useSettingsStyles } from './shared.ts';

export function UsersSection({ me }: { me: Me }) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const client = useQueryClient();
  const users = useQuery({ queryKey: consoleKeys.users, queryFn: ({ signal }) => api.users(signal) });
  const update = useMutation({
    mutationFn: ({ user, change }: { user: ConsoleUser; change: UserUpdate }) => api.updateUser(user.id, change),
    onSuccess: async (updated) => {
      client.setQueryData<ConsoleUser[]>(consoleKeys.users, (list) =>
        list?.map((user) => (user.id === updated.id ? updated : user)),
      );
      // Their own role changed: what they may see changes with it.
      if (updated.id === me.id) await client.invalidateQueries({ queryKey: consoleKeys.me });
    },
  });
  return (
    <section className={styles.section} aria-labelledby="users-heading" data-testid="users">
      <h3 id="users-heading" className={styles.sectionTitle}>
        {t('settings.users.heading')}
      </h3>
      <Text className={styles.muted}>{t('settings.users.intro')}</Text>
      {update.isError && <ProblemBar error={update.error} testId="users-problem" />}
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ProblemBar error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table aria-labelledby="users-heading" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('settings.users.name')}</TableHeaderCell>
              <TableHeaderCell>{t('settings.users.email')}</TableHeaderCell>
              <TableHeaderCell>{t('settings.users.role')}</TableHeaderCell>
              <TableHeaderCell>{t('settings.users.sync')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.data.map((user) => (
              <TableRow key={user.id} data-testid="user-row">
                <TableCell>
                  {user.displayName}
                  {user.id === me.id && ` ${t('settings.users.you')}`}
                </TableCell>
                <TableCell>
                  <span dir="ltr">{user.email}</span>
                </TableCell>
                <TableCell>
                  <Select
                    size="small"
                    value={user.role}
                    aria-label={t('settings.users.roleOf', { name: user.displayName })}
                    disabled={update.isPending}
                    onChange={(_event, data) => update.mutate({ user, change: { role: data.value as Role } })}
                  >
                    <option value="admin">{t('role.admin')}</option>
                    <option value="member">{t('role.member')}</option>
                  </Select>
                </TableCell>
                <TableCell>
                  <Switch
                    checked={user.syncEnabled}
                    aria-label={t('settings.users.syncOf', { name: user.displayName })}
                    disabled={update.isPending}
                    onChange={(_event, data) => update.mutate({ user, change: { syncEnabled: data.checked } })}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
