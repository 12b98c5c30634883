// The column mapping suggested for a file, from its header names: the names people
// give these columns in English, Georgian, Persian, Swedish and Tamil (and those
// our own export writes), compared without case, spaces, hyphens, underscores,
// Persian's zero-width non-joiner or a trailing number ("Email 2" is an email
// column too).
import type { CompanyField, ContactField, ImportEntity } from './imports.schemas.ts';

const NAMES = {
  name: [
    'name',
    'full name',
    'contact name',
    'contact',
    'person',
    'first and last name',
    'display name',
    'სახელი',
    'სახელი და გვარი',
    'სრული სახელი',
    'კონტაქტი',
    'نام',
    'نام کامل',
    'نام و نام خانوادگی',
    'مخاطب',
    'namn',
    'fullständigt namn',
    'kontakt',
    'kontaktperson',
    'பெயர்',
    'முழு பெயர்',
    'தொடர்பு',
  ],
  email: [
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'emails',
    'mail',
    'other email',
    'work email',
    'ელფოსტა',
    'ელ-ფოსტა',
    'ელ. ფოსტა',
    'ელექტრონული ფოსტა',
    'ایمیل',
    'رایانامه',
    'پست الکترونیک',
    'نشانی ایمیل',
    'e-post',
    'epost',
    'e-postadress',
    'mejl',
    'mejladress',
    'மின்னஞ்சல்',
    'மின்னஞ்சல் முகவரி',
  ],
  title: [
    'title',
    'job title',
    'position',
    'role',
    'თანამდებობა',
    'სათაური',
    'سمت',
    'عنوان',
    'عنوان شغلی',
    'titel',
    'befattning',
    'roll',
    'yrkestitel',
    'பதவி',
    'பணிப் பெயர்',
  ],
  phone: [
    'phone',
    'telephone',
    'phone number',
    'mobile',
    'mobile phone',
    'tel',
    'cell',
    'ტელეფონი',
    'ტელეფონის ნომერი',
    'მობილური',
    'تلفن',
    'شماره تلفن',
    'موبایل',
    'تلفن همراه',
    'telefon',
    'telefonnummer',
    'mobil',
    'mobilnummer',
    'தொலைபேசி',
    'தொலைபேசி எண்',
    'கைபேசி',
  ],
  companyName: [
    'company',
    'company name',
    'organization',
    'organisation',
    'account',
    'account name',
    'employer',
    'კომპანია',
    'კომპანიის სახელი',
    'ორგანიზაცია',
    'شرکت',
    'نام شرکت',
    'سازمان',
    'företag',
    'företagsnamn',
    'organisation',
    'bolag',
    'நிறுவனம்',
    'நிறுவனத்தின் பெயர்',
    'நிறுவனப் பெயர்',
  ],
  companyDomain: [
    'company domain',
    'domain',
    'website',
    'web site',
    'web',
    'company website',
    'domains',
    'დომენი',
    'კომპანიის დომენი',
    'ვებგვერდი',
    'ვებსაიტი',
    'دامنه',
    'دامنه شرکت',
    'وب‌سایت',
    'وبسایت',
    'domän',
    'företagets domän',
    'webbplats',
    'hemsida',
    'டொமைன்',
    'நிறுவன டொமைன்',
    'இணையதளம்',
  ],
  ownerEmail: [
    'owner',
    'owner email',
    'owner e-mail',
    'account owner',
    'contact owner',
    'company owner',
    'sales rep',
    'მფლობელი',
    'მფლობელის ელფოსტა',
    'პასუხისმგებელი',
    'مالک',
    'ایمیل مالک',
    'مسئول',
    'ägare',
    'ägarens e-post',
    'ansvarig',
    'உரிமையாளர்',
    'உரிமையாளர் மின்னஞ்சல்',
    'பொறுப்பாளர்',
  ],
  tags: [
    'tags',
    'tag',
    'labels',
    'label',
    'categories',
    'ტეგები',
    'იარლიყები',
    'ტეგი',
    'برچسب‌ها',
    'برچسب',
    'تگ‌ها',
    'تگ',
    'taggar',
    'tagg',
    'etiketter',
    'etikett',
    'குறிச்சொற்கள்',
    'குறிச்சொல்',
    'லேபிள்கள்',
  ],
} satisfies Record<ContactField, string[]>;

/** Lower case, without what people vary in a header: spaces, punctuation, ZWNJ, a trailing number. */
export function headerKey(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s._\-:()/*#]+/gu, '')
    .replace(/\u200c|\u200d/gu, '')
    .replace(/\d+$/u, '');
}

function lookup<F extends string>(names: Record<F, string[]>): Map<string, F> {
  const byKey = new Map<string, F>();
  for (const [field, spellings] of Object.entries(names) as [F, string[]][]) {
    for (const spelling of spellings) if (!byKey.has(headerKey(spelling))) byKey.set(headerKey(spelling), field);
  }
  return byKey;
}

const CONTACT_HEADERS = lookup<ContactField>(NAMES);

const COMPANY_HEADERS = lookup<CompanyField>({
  // A companies file's "Company" column is the company's name.
  name: [...NAMES.companyName, ...NAMES.name],
  domain: NAMES.companyDomain,
  ownerEmail: NAMES.ownerEmail,
});

/** Fields a column may be mapped to more than once (their values add up). */
export const MULTI_COLUMN_FIELDS: ReadonlySet<string> = new Set(['email', 'tags', 'domain']);

/**
 * One field (or null: not imported) per column, by header name; a single-valued
 * field goes to the first column that names it.
 */
export function suggestMapping(entity: ImportEntity, headers: string[]): (ContactField | CompanyField | null)[] {
  const byKey: Map<string, ContactField | CompanyField> = entity === 'contacts' ? CONTACT_HEADERS : COMPANY_HEADERS;
  const taken = new Set<string>();
  return headers.map((header) => {
    const field = byKey.get(headerKey(header));
    if (!field || (taken.has(field) && !MULTI_COLUMN_FIELDS.has(field))) return null;
    taken.add(field);
    return field;
  });
}
