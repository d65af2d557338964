import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Import boundaries from docs/ARCHITECTURE.md, enforced here rather than remembered. */
const boundary = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'db/migrations', 'test-results', 'playwright-report', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['shared/**/*.ts'],
    rules: boundary(
      ['@db/*', '@server/*', '@client/*', '../db/*', '../server/*', '../client/*', 'node:*'],
      'shared/ imports nothing of ours but zod.',
    ),
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: boundary(['@db/*', '@server/*', '**/db/*', '**/server/*'], 'client/ never imports server/ or db/.'),
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@server/*', '@client/*'], message: 'db/ never imports server/ or client/.' },
            {
              // The exceptions: how a card becomes a search row (R-SEARCH) and a report row
              // (R-REPORT-FACTS), and a service's figures a capacity row (R-REPORT-CAPACITY), which must be
              // written in the command's own transaction and refolded from the log, are pure shared rules.
              group: [
                '@shared/*',
                '!@shared/rules',
                '@shared/rules/*',
                '!@shared/rules/search',
                '!@shared/rules/report-facts',
                '!@shared/rules/report-capacity',
                '!@shared/rules/service-lifecycle',
              ],
              allowTypeImports: true,
              message:
                'db/ imports shared/ types only (and the pure rules that fold search and report rows: search, report-facts, report-capacity, service-lifecycle).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    // better-sqlite3 is synchronous; the repository contract is async so a networked backend fits.
    files: ['db/sqlite/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // expect.objectContaining() and friends are typed `any` by design.
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Hooks live in .ts files too (use-*.ts).
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
