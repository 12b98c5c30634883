// One email: who is on it, matched in the CRM, and the card of the one the user
// looks at. Mounted once per message (keyed by its Message-ID), so no state of the
// previous email survives a change of selection.
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular, ArrowRight20Regular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notInCrm, type Contact, type Deal, type Lookup } from '../api/client.ts';
import { asApiError } from '../api/errors.ts';
import { CardSkeleton, ErrorState, Notice } from '../components/states.tsx';
import { ContactCard } from '../features/card/ContactCard.tsx';
import { Initials } from '../features/card/Initials.tsx';
import { useLookups } from '../features/card/queries.ts';
import { DealsSection } from '../features/deals/Deals.tsx';
import { LogEmail } from '../features/log/LogEmail.tsx';
import { emailStatusKey, useEmailStatus } from '../features/log/queries.ts';
import { QuickActions } from '../features/quick-actions/QuickActions.tsx';
import { TimelineSection } from '../features/timeline/Timeline.tsx';
import { participantsOf, type MessageItem, type Person } from '../office/mailbox.ts';
import { useMailbox } from '../state/context.tsx';

// Its form loads only for an email from someone unknown: known contacts' cards paint without it.
const UnknownPerson = lazy(() => import('../features/unknown-person/UnknownPerson.tsx'));

/** How many timeline items the lookup returns (the server's LOOKUP_TIMELINE_ITEMS). */
const LOOKUP_TIMELINE_ITEMS = 10;

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  people: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  person: {
    justifyContent: 'flex-start',
    inlineSize: '100%',
    paddingBlock: tokens.spacingVerticalS,
    textAlign: 'start',
  },
  personText: { display: 'flex', flexDirection: 'column', flexGrow: 1, alignItems: 'flex-start', minInlineSize: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  rule: {
    margin: 0,
    borderInlineStyle: 'none',
    borderBlockEndStyle: 'none',
    borderBlockStartWidth: tokens.strokeWidthThin,
    borderBlockStartStyle: 'solid',
    borderBlockStartColor: tokens.colorNeutralStroke2,
  },
  // Arrows point the way the text reads.
  flip: { ':dir(rtl)': { transform: 'scaleX(-1)' } },
});

type Match = { person: Person; lookup: Lookup };
/** A participant the CRM knows: the match with its contact. */
type Known = Match & { contact: Contact };

const knownOf = (matches: Match[]): Known[] =>
  matches.flatMap((match) => (match.lookup.contact ? [{ ...match, contact: match.lookup.contact }] : []));

function uniqueDeals(matches: Match[]): Deal[] {
  const deals = new Map<string, Deal>();
  for (const { lookup } of matches) for (const deal of lookup.deals) deals.set(deal.id, deal);
  return [...deals.values()];
}

function ContactView({ match, onBack }: { match: Known; onBack?: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { contact } = match;
  return (
    <>
      {onBack && (
        <div>
          <Button appearance="transparent" icon={<ArrowLeft20Regular className={styles.flip} />} onClick={onBack}>
            {t('people.back')}
          </Button>
        </div>
      )}
      <ContactCard contact={contact} appUrl={`${location.origin}/app`} />
      <QuickActions contact={contact} />
      <hr className={styles.rule} />
      <DealsSection deals={match.lookup.deals} contact={contact} company={match.lookup.company} />
      <hr className={styles.rule} />
      <TimelineSection
        owner={{ kind: 'contact', id: contact.id }}
        recent={{ items: match.lookup.timeline, pageSize: LOOKUP_TIMELINE_ITEMS }}
      />
    </>
  );
}

function PeopleList({ known, unknown, onPick }: { known: Known[]; unknown: number; onPick: (email: string) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="people-heading">
      <Text as="h2" id="people-heading" weight="semibold" block>
        {t('people.found', { count: known.length })}
      </Text>
      <ul className={styles.people}>
        {known.map(({ person, contact }) => (
          <li key={person.email}>
            <Button
              className={styles.person}
              appearance="subtle"
              icon={<Initials name={contact.name} size={32} />}
              onClick={() => onPick(person.email)}
            >
              <span className={styles.personText}>
                <Text weight="semibold">{contact.name}</Text>
                <Text size={200} className={styles.muted}>
                  {[contact.title, contact.company?.name].filter(Boolean).join(' · ')}
                </Text>
              </span>
              <ArrowRight20Regular className={styles.flip} aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      {unknown > 0 && (
        <Text size={200} className={styles.muted}>
          {t('people.notInCrm', { count: unknown })}
        </Text>
      )}
    </section>
  );
}

export function MessageView({ item }: { item: MessageItem }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const mailbox = useMailbox();
  const people = participantsOf(item, mailbox.user);
  const lookups = useLookups(people);
  // LogEmail's bar above the card grows when the status comes in (a button and a deal
  // picker for the skeleton's one line): the card waits for it, so both land in one frame
  // and nothing below moves (the two are fetched side by side).
  const status = useEmailStatus(item.internetMessageId);
  const [picked, setPicked] = useState<string | null>(null);
  const client = useQueryClient();

  if (people.length === 0) return <Notice testId="only-you">{t('pane.onlyYou')}</Notice>;

  let matches: Match[] = [];
  let body;
  // An address the server will not look up (400) is nobody it knows: it must not hide the others.
  const unmatchable = (query: (typeof lookups)[number]) => query.isError && asApiError(query.error).kind === 'invalid';
  const failed = lookups.find((query) => query.isError && !query.data && !unmatchable(query));
  if (lookups.some((query) => query.isPending) || status.isPending) {
    body = <CardSkeleton />;
  } else if (failed) {
    // One message for the whole email, and one retry for everything it needs.
    const retry = () => {
      for (const query of lookups) if (query.isError) void query.refetch();
      void client.refetchQueries({ queryKey: emailStatusKey(item.internetMessageId) });
    };
    return (
      <div className={styles.view} data-testid="message-view" data-message-id={item.internetMessageId}>
        <ErrorState error={failed.error} onRetry={retry} />
      </div>
    );
  } else {
    matches = people.map((person, index) => ({ person, lookup: lookups[index]?.data ?? notInCrm(person.email) }));
    const known = knownOf(matches);
    const chosen = known.length === 1 ? known[0] : known.find((match) => match.person.email === picked);
    if (chosen) {
      body = <ContactView match={chosen} onBack={known.length > 1 ? () => setPicked(null) : undefined} />;
    } else if (known.length > 1) {
      body = <PeopleList known={known} unknown={matches.length - known.length} onPick={setPicked} />;
    } else if (matches[0]) {
      body = (
        <Suspense fallback={<CardSkeleton />}>
          <UnknownPerson person={matches[0].person} lookup={matches[0].lookup} />
        </Suspense>
      );
    }
  }

  return (
    <div className={styles.view} data-testid="message-view" data-message-id={item.internetMessageId}>
      <LogEmail item={item} deals={uniqueDeals(knownOf(matches))} />
      {body}
    </div>
  );
}
