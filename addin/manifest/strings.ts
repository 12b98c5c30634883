// What Outlook shows of the add-in before it opens: its name, description and
// buttons, in the five languages of the pane. Locales are language-region pairs,
// one per Override, as Microsoft's localization guide asks.
export const DEFAULT_LOCALE = 'en-US';

export type ManifestStrings = {
  displayName: string;
  description: string;
  groupLabel: string;
  buttonLabel: string;
  buttonTooltip: string;
};

export const MANIFEST_STRINGS = {
  'en-US': {
    displayName: 'CRM for Outlook',
    description: 'See the sender in your CRM (contact, company, open deals and history) and log emails in one click.',
    groupLabel: 'CRM',
    buttonLabel: 'Open CRM',
    buttonTooltip: 'Show who this is in the CRM and log the email.',
  },
  'ka-GE': {
    displayName: 'CRM Outlook-ისთვის',
    description:
      'ნახეთ გამგზავნი თქვენს CRM-ში (კონტაქტი, კომპანია, ღია გარიგებები და ისტორია) და შეინახეთ წერილი ერთი დაწკაპუნებით.',
    groupLabel: 'CRM',
    buttonLabel: 'CRM-ის გახსნა',
    buttonTooltip: 'აჩვენებს, ვინ არის ეს CRM-ში, და ინახავს წერილს.',
  },
  'fa-IR': {
    displayName: 'CRM برای Outlook',
    description: 'فرستنده را در CRM خود ببینید (مخاطب، شرکت، معاملات باز و سابقه) و ایمیل‌ها را با یک کلیک ثبت کنید.',
    groupLabel: 'CRM',
    buttonLabel: 'باز کردن CRM',
    buttonTooltip: 'نشان می‌دهد این شخص در CRM کیست و ایمیل را ثبت می‌کند.',
  },
  'sv-SE': {
    displayName: 'CRM för Outlook',
    description:
      'Se avsändaren i ditt CRM (kontakt, företag, öppna affärer och historik) och logga mejl med ett klick.',
    groupLabel: 'CRM',
    buttonLabel: 'Öppna CRM',
    buttonTooltip: 'Visa vem detta är i CRM och logga mejlet.',
  },
  'ta-IN': {
    displayName: 'Outlook-க்கான CRM',
    description:
      'அனுப்புநரை உங்கள் CRM-இல் பாருங்கள் (தொடர்பு, நிறுவனம், திறந்த ஒப்பந்தங்கள், வரலாறு); மின்னஞ்சல்களை ஒரே சொடுக்கில் பதிவு செய்யுங்கள்.',
    groupLabel: 'CRM',
    buttonLabel: 'CRM-ஐத் திற',
    buttonTooltip: 'இவர் CRM-இல் யார் என்பதைக் காட்டி மின்னஞ்சலைப் பதிவு செய்யும்.',
  },
} satisfies Record<string, ManifestStrings>;
