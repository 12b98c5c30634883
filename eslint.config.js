// ESLint checks what the compiler does not: floating promises, unsafe `any`, hooks
// rules, accessibility, and the Office.js boundary. Prettier formats; eslint-config-prettier
// switches off every rule that would argue with it. `npm run lint` runs both.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores([
    '**/node_modules/',
    'server/src/db/generated/',
    'addin/src/api/schema.d.ts',
    'addin/dist/',
    'addin/.pane-builds/',
    'bench/out/',
    '.ci/out/',
    'data/',
  ]),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig that owns it: addin/tsconfig.json for the
        // pane, tsconfig.json for everything else.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers and booleans read fine in messages and paths; objects, nulls and
      // undefineds (the real bugs: "[object Object]", "undefined") stay errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // The codebase writes object types as `type X = {…}` (STYLE.md's examples, zod's
      // z.infer); one spelling, not a mix of interfaces and types.
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      // `onClick={() => setOpen(true)}` and `() => listeners.delete(fn)` are the idiom; the
      // rule still catches a void result used as a value anywhere else.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `name.trim() || null` means "blank is missing" on purpose; `??` would keep ''.
      // Numbers and booleans still have to use `??`.
      // As the compiler's noUnusedParameters: a leading underscore marks "unused on purpose",
      // and `const { dropped: _, ...rest } = value` is how a field is left out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
    },
  },

  // Plain JavaScript files belong to no tsconfig: lint them without types.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },

  // CommonJS (dependency-cruiser's configs) loads its modules with require.
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // Node: the server, scripts, benchmarks, build configs and the add-in's build-time code.
  {
    files: [
      'server/**',
      'scripts/**',
      'bench/**',
      'prisma/**',
      'addin/manifest/**',
      'addin/e2e/**',
      '*.{js,ts,mjs,cjs}',
    ],
    languageOptions: { globals: globals.node },
  },

  // The pane: a browser app in React 19.
  {
    files: ['addin/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: { globals: globals.browser },
  },
  // Runs inside the page (injected by the end-to-end harness), not in Node.
  {
    files: ['addin/e2e/office-stand-in.js'],
    languageOptions: { globals: globals.browser },
  },

  // Only addin/src/office/ touches Office.js (STYLE.md, "Boundaries"): the rest of the pane
  // gets the mailbox through that folder's interface, which the stand-in and the tests fake.
  // dependency-cruiser checks imports; Office is a global, so this rule guards it.
  {
    files: ['addin/src/**/*.{ts,tsx}'],
    ignores: ['addin/src/office/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'Office', message: 'Only addin/src/office/ touches Office.js; use its mailbox interface.' },
      ],
      // Also `window.Office`, `(globalThis as …).Office` and Office's types (`Office.MessageRead`,
      // `typeof Office`), which the rule above does not see.
      'no-restricted-syntax': [
        'error',
        ...[
          "MemberExpression[property.name='Office']",
          "TSQualifiedName[left.name='Office']",
          "TSTypeQuery > Identifier[name='Office']",
        ].map((selector) => ({
          selector,
          message: 'Only addin/src/office/ touches Office.js; use its mailbox interface.',
        })),
      ],
    },
  },

  // System access (the unscoped client, across every tenant) is for resolving a token's
  // tenant and provisioning (crm/tenants), the HTTP edge and the process: a CRM service
  // works on the scoped client its CrmContext hands it, so it can see one tenant only.
  {
    files: ['server/src/crm/**/*.ts', 'server/src/auth/**/*.ts', 'server/src/shared/**/*.ts'],
    ignores: ['server/src/crm/tenants/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/index.ts', '**/db/client.ts', '**/db/tenant-scope.ts'],
              importNames: ['SystemDb', 'Database', 'openDatabase', 'scopeToTenant', 'ScopedClients'],
              message:
                'System access is for crm/tenants and the HTTP edge: take the scoped client from the CrmContext.',
            },
          ],
        },
      ],
    },
  },

  // Tests and their fakes.
  {
    files: ['**/*.test.{ts,tsx}', 'server/test/**', 'addin/src/test/**', 'addin/e2e/**'],
    rules: {
      // A test that reads `rows[0]!` fails loudly at that line if the row is missing,
      // which is what a test should do; production code narrows instead.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Fakes implement async interfaces (`async lookup() { return CARD; }`): `async`
      // is how they return a promise and turn a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      // No-op stubs (`onItemChanged: () => () => {}`) are the point of a fake.
      '@typescript-eslint/no-empty-function': 'off',
    },
  },

  // API tests read JSON bodies: the harness types them `any` (ApiResponse<T = any>) and
  // each test checks the body with expect(), which is the runtime check the unsafe-any
  // rules ask for. Typing every response would restate the OpenAPI schemas in tests.
  {
    files: ['server/test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // Benchmarks are harnesses over data they generate themselves, as tests are: a wrong
  // `samples[i]!` stops the run at that line, which is all a benchmark needs.
  {
    files: ['bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },

  prettier,
]);
