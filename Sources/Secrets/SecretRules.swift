import Findings

/// One credential detector's metadata plus the finding text it produces.
struct SecretRule: Sendable {
    let descriptor: RuleDescriptor
    /// Finding title, e.g. "GitHub token".
    let title: String
    /// How to revoke and replace this kind of credential.
    let remediation: String
}

/// The catalog of credential detectors (`SECRET-*`): one descriptor per provider, plus
/// private keys, passwords in URLs, framework secret keys and generic high-entropy values.
public enum SecretRules {
    /// Every descriptor, for `taintline rules`, SARIF and the scan report's `rules`.
    public static var all: [RuleDescriptor] { catalog.map(\.descriptor) }

    static func make(_ id: String, _ name: String, _ title: String, severity: Severity, confidence: Confidence = .high,
                     what: String, example: String, revoke: String, references: [String]) -> SecretRule {
        let useInstead = "Read the credential at run time from the environment or a secret manager (`os.environ[\"NAME\"]`, Vault, AWS Secrets Manager), and keep the value out of the repository."
        let remediation = "\(revoke) Then load the new value from the environment or a secret manager; removing it from the file is not enough, it stays in git history."
        let documentation = """
        ## What it does
        \(what)

        ## Why is this bad?
        Anyone who can read the repository, a build log, a container image or a package can use the credential \
        (CWE-798). Removing it later does not help: it stays in git history and in every clone. Treat it as leaked.

        ## Example
        ```
        \(example)
        ```

        ## Use instead
        \(useInstead) \(revoke)

        ## References
        \((["https://cwe.mitre.org/data/definitions/798.html"] + references).map { "- \($0)" }.joined(separator: "\n"))
        """
        let descriptor = RuleDescriptor(id: id, name: name, summary: what, severity: severity, confidence: confidence, owasp: .a07,
                                        cwe: CWE(798), analysis: .secrets, documentation: documentation,
                                        references: ["https://cwe.mitre.org/data/definitions/798.html"] + references)
        return SecretRule(descriptor: descriptor, title: title, remediation: remediation)
    }

    /// Rules whose findings in tests, CI services and documents are reported at Low: passwords and
    /// generic secrets, which there are throw-away values (`POSTGRES_PASSWORD: ci`, a sample
    /// `DATABASE_URL`); a provider-shaped token keeps its severity anywhere.
    static let throwAwayInFixtures: Set<String> = ["SECRET-URL-PASSWORD", "SECRET-GENERIC", "SECRET-FRAMEWORK-KEY", "SECRET-JWT"]

    static let awsAccessKey = make("SECRET-AWS-ACCESS-KEY", "aws-access-key-id", "AWS access key id", severity: .high,
        what: "Finds AWS access key ids (`AKIA`, `ASIA`, `ABIA`, `ACCA` followed by 16 upper-case letters and digits). The documentation's `AKIAIOSFODNN7EXAMPLE` is not reported.",
        example: "AWS_ACCESS_KEY_ID = \"AKIA...\"",
        revoke: "Deactivate and delete the key in IAM (Users > Security credentials), review CloudTrail for its use, and create a new key.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"])
    static let awsSecretKey = make("SECRET-AWS-SECRET-KEY", "aws-secret-access-key", "AWS secret access key", severity: .critical,
        what: "Finds 40-character AWS secret access keys assigned to an `aws_secret*` name or written near an AWS access key id.",
        example: "aws_secret_access_key = wJalr...",
        revoke: "Deactivate and delete the access key pair in IAM, review CloudTrail for its use, and create a new pair.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"])
    static let github = make("SECRET-GITHUB-TOKEN", "github-token", "GitHub token", severity: .critical,
        what: "Finds GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) whose built-in CRC-32 checksum is valid, so random strings of the same shape are not reported.",
        example: "GITHUB_TOKEN = \"ghp_...\"",
        revoke: "Revoke the token at https://github.com/settings/tokens (or the OAuth/GitHub App settings) and review the account's security log.",
        references: ["https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/"])
    static let githubFineGrained = make("SECRET-GITHUB-FINE-GRAINED", "github-fine-grained-token", "GitHub fine-grained token", severity: .critical,
        what: "Finds GitHub fine-grained personal access tokens (`github_pat_`).",
        example: "token = \"github_pat_...\"",
        revoke: "Revoke the token at https://github.com/settings/personal-access-tokens and review the security log.",
        references: ["https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens"])
    static let gitlab = make("SECRET-GITLAB-TOKEN", "gitlab-token", "GitLab personal access token", severity: .critical,
        what: "Finds GitLab personal access tokens (`glpat-`) and the other GitLab token kinds: deploy (`gldt-`), runner (`glrt-`, `GR1348941`), pipeline trigger (`glptt-`), OAuth application secret (`gloas-`), CI/CD job (`glcbt-`), SCIM (`glsoat-`), feed (`glft-`), incoming mail (`glimt-`) and agent (`glagent-`) tokens.",
        example: "GITLAB_TOKEN=glpat-...",
        revoke: "Revoke the token under User Settings > Access Tokens in GitLab.",
        references: ["https://docs.gitlab.com/ee/user/profile/personal_access_tokens.html"])
    static let slack = make("SECRET-SLACK-TOKEN", "slack-token", "Slack token", severity: .high,
        what: "Finds Slack bot, user, app, client and refresh tokens (`xoxb-`, `xoxa-`, `xoxp-`, `xoxc-`, `xoxr-`, `xoxs-`), app-level tokens (`xapp-`) and rotating tokens (`xoxe.xoxp-`).",
        example: "SLACK_TOKEN = \"xoxb-...\"",
        revoke: "Revoke the token in the Slack app's OAuth & Permissions page (or with auth.revoke) and reinstall the app.",
        references: ["https://api.slack.com/authentication/token-types"])
    static let slackWebhook = make("SECRET-SLACK-WEBHOOK", "slack-webhook", "Slack incoming webhook URL", severity: .medium,
        what: "Finds Slack incoming webhook URLs (`https://hooks.slack.com/services/...`), which let anyone post to the channel.",
        example: "WEBHOOK = \"https://hooks.slack.com/services/T.../B.../...\"",
        revoke: "Remove the webhook in the Slack app's Incoming Webhooks page and create a new one.",
        references: ["https://api.slack.com/messaging/webhooks"])
    static let stripe = make("SECRET-STRIPE-KEY", "stripe-live-key", "Stripe live secret key", severity: .critical,
        what: "Finds Stripe live secret and restricted keys (`sk_live_`, `rk_live_`).",
        example: "stripe.api_key = \"sk_live_...\"",
        revoke: "Roll the key in the Stripe dashboard (Developers > API keys > Roll key).",
        references: ["https://stripe.com/docs/keys"])
    static let google = make("SECRET-GOOGLE-API-KEY", "google-api-key", "Google API key", severity: .high,
        what: "Finds Google API keys (`AIza` followed by 35 characters).",
        example: "GOOGLE_API_KEY = \"AIza...\"",
        revoke: "Delete or regenerate the key in Google Cloud Console (APIs & Services > Credentials) and restrict the new one.",
        references: ["https://cloud.google.com/docs/authentication/api-keys"])
    static let sendgrid = make("SECRET-SENDGRID-KEY", "sendgrid-api-key", "SendGrid API key", severity: .high,
        what: "Finds SendGrid API keys (`SG.` + 22 + `.` + 43 characters).",
        example: "SENDGRID_API_KEY = \"SG....\"",
        revoke: "Delete the key in SendGrid (Settings > API Keys) and create a new one.",
        references: ["https://docs.sendgrid.com/ui/account-and-settings/api-keys"])
    static let npm = make("SECRET-NPM-TOKEN", "npm-token", "npm access token", severity: .critical,
        what: "Finds npm access tokens (`npm_` + 36 characters) whose CRC-32 checksum is valid.",
        example: "//registry.npmjs.org/:_authToken=npm_...",
        revoke: "Revoke the token with `npm token revoke` or on npmjs.com (Access Tokens).",
        references: ["https://docs.npmjs.com/revoking-access-tokens"])
    static let pypi = make("SECRET-PYPI-TOKEN", "pypi-token", "PyPI upload token", severity: .critical,
        what: "Finds PyPI API tokens (`pypi-AgEIcHlwaS5vcmc...`).",
        example: "password = pypi-AgEIcHlwaS5vcmc...",
        revoke: "Remove the token in your PyPI account settings (API tokens); PyPI also revokes tokens reported as leaked.",
        references: ["https://pypi.org/help/#apitoken"])
    static let openai = make("SECRET-OPENAI-KEY", "openai-api-key", "OpenAI API key", severity: .high,
        what: "Finds OpenAI API keys (`sk-proj-`, `sk-svcacct-`, `sk-admin-` and legacy `sk-` + 48 characters).",
        example: "openai.api_key = \"sk-proj-...\"",
        revoke: "Revoke the key at https://platform.openai.com/api-keys and create a new one.",
        references: ["https://platform.openai.com/docs/api-reference/authentication"])
    static let anthropic = make("SECRET-ANTHROPIC-KEY", "anthropic-api-key", "Anthropic API key", severity: .high,
        what: "Finds Anthropic API keys (`sk-ant-...`).",
        example: "ANTHROPIC_API_KEY=sk-ant-...",
        revoke: "Delete the key in the Anthropic Console (API Keys) and create a new one.",
        references: ["https://docs.anthropic.com/en/api/getting-started"])
    static let digitalocean = make("SECRET-DIGITALOCEAN-TOKEN", "digitalocean-token", "DigitalOcean personal access token", severity: .critical,
        what: "Finds DigitalOcean personal access tokens (`dop_v1_` + 64 hex digits).",
        example: "DO_TOKEN=dop_v1_...",
        revoke: "Delete the token in the DigitalOcean control panel (API > Tokens) and generate a new one.",
        references: ["https://docs.digitalocean.com/reference/api/create-personal-access-token/"])
    static let shopify = make("SECRET-SHOPIFY-TOKEN", "shopify-token", "Shopify access token", severity: .high,
        what: "Finds Shopify access tokens and shared secrets (`shpat_`, `shpss_` + 32 hex digits).",
        example: "SHOPIFY_TOKEN = \"shpat_...\"",
        revoke: "Rotate the token: uninstall and reinstall the custom app, or rotate the API secret in the Partner dashboard.",
        references: ["https://shopify.dev/docs/apps/auth"])
    static let telegram = make("SECRET-TELEGRAM-BOT-TOKEN", "telegram-bot-token", "Telegram bot token", severity: .high, confidence: .medium,
        what: "Finds Telegram bot tokens (8 to 10 digits, `:`, 35 characters).",
        example: "BOT_TOKEN = \"123456789:AA...\"",
        revoke: "Send /revoke to @BotFather for the bot to invalidate the token and get a new one.",
        references: ["https://core.telegram.org/bots/features#botfather"])
    static let jwt = make("SECRET-JWT", "json-web-token", "JSON Web Token", severity: .medium, confidence: .medium,
        what: "Finds JSON Web Tokens (`eyJ...`.`eyJ...`.signature) whose header decodes to JSON with an `alg`.",
        example: "AUTH = \"Bearer eyJhbGciOi...\"",
        revoke: "Revoke the session or rotate the signing key that issued the token (every token it signed becomes invalid), and check the token's expiry.",
        references: ["https://datatracker.ietf.org/doc/html/rfc7519"])
    static let privateKey = make("SECRET-PRIVATE-KEY", "private-key", "Private key", severity: .critical,
        what: "Finds PEM, PKCS#8, OpenSSH and OpenPGP private key blocks (`-----BEGIN ... PRIVATE KEY-----`, `-----BEGIN PGP PRIVATE KEY BLOCK-----`).",
        example: "-----BEGIN RSA PRIVATE KEY-----",
        revoke: "Replace the key pair: issue a new key (and certificate), remove the old public key from every authorized_keys, server and certificate authority, and revoke the old certificate.",
        references: ["https://www.rfc-editor.org/rfc/rfc7468"])
    static let urlPassword = make("SECRET-URL-PASSWORD", "url-embedded-password", "Password in a connection URL", severity: .high,
        what: "Finds URLs with a literal password in the user-info part (`postgres://user:password@host`), for postgres, mysql, mongodb, redis, amqp and http(s). Placeholders and `${VAR}` are not reported.",
        example: "DATABASE_URL = \"postgres://app:hunter2@db/app\"",
        revoke: "Change the account's password on the server (ALTER USER ... PASSWORD, or the service's console).",
        references: ["https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/"])
    static let frameworkKey = make("SECRET-FRAMEWORK-KEY", "framework-secret-key", "Hard-coded framework SECRET_KEY", severity: .high,
        what: "Finds a literal Django or Flask `SECRET_KEY` (or `app.secret_key`), which signs sessions, cookies and password-reset tokens.",
        example: "SECRET_KEY = \"django-insecure-...\"",
        revoke: "Generate a new key (`python -c 'import secrets; print(secrets.token_urlsafe(50))'`); every session and signed token made with the old one becomes invalid, which is what you want.",
        references: ["https://docs.djangoproject.com/en/stable/ref/settings/#secret-key", "https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY"])
    static let generic = make("SECRET-GENERIC", "generic-high-entropy-secret", "Hard-coded secret", severity: .medium, confidence: .medium,
        what: "Finds literals assigned to credential names (password, passwd, pwd, passphrase, secret, token, api_key, access_key, private_key, credential, auth, and `...key` names that are not public or lookup keys) in Python, .env, YAML, JSON, TOML, INI, shell, Dockerfile, XML, notebooks and the assignment forms of other languages, plus `Bearer` tokens and basic-auth pairs. A password needs 8+ characters mixing character classes; a key or token needs 16+ characters (12+ with three classes) whose entropy is near the most its length allows, and must not read as words, a UUID, a date or a regular expression. Placeholders, references (`${VAR}`, `os.environ[...]`) and `.env.example` files are not reported.",
        example: "API_TOKEN = \"3q2+7w...\"",
        revoke: "Revoke the credential with the service that issued it and create a new one.",
        references: ["https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password"])

    // Providers with a recognisable token prefix (see `TokenShapes`): one descriptor each.
    static let huggingface = make("SECRET-HUGGINGFACE-TOKEN", "huggingface-token", "Hugging Face access token", severity: .high,
        what: "Finds Hugging Face user access tokens (`hf_` + 34 letters) and organisation API tokens (`api_org_`).",
        example: "HF_TOKEN = \"hf_...\"",
        revoke: "Invalidate the token at https://huggingface.co/settings/tokens (Manage > Invalidate and refresh).",
        references: ["https://huggingface.co/docs/hub/security-tokens"])
    static let databricks = make("SECRET-DATABRICKS-TOKEN", "databricks-token", "Databricks personal access token", severity: .critical,
        what: "Finds Databricks personal access tokens (`dapi` + 32 hex digits).",
        example: "DATABRICKS_TOKEN = \"dapi...\"",
        revoke: "Revoke the token in the Databricks workspace (User Settings > Developer > Access tokens) or with the Token API.",
        references: ["https://docs.databricks.com/en/dev-tools/auth/pat.html"])
    static let atlassian = make("SECRET-ATLASSIAN-TOKEN", "atlassian-api-token", "Atlassian API token", severity: .high,
        what: "Finds Atlassian (Jira, Confluence, Bitbucket) API tokens (`ATATT3...`).",
        example: "JIRA_API_TOKEN = \"ATATT3...\"",
        revoke: "Revoke the token at https://id.atlassian.com/manage-profile/security/api-tokens.",
        references: ["https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/"])
    static let newRelic = make("SECRET-NEWRELIC-KEY", "newrelic-user-key", "New Relic user API key", severity: .high,
        what: "Finds New Relic user API keys (`NRAK-` + 27 characters) and insert keys (`NRII-`).",
        example: "NEW_RELIC_API_KEY = \"NRAK-...\"",
        revoke: "Delete the key in New Relic (API keys UI) and create a new one.",
        references: ["https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/"])
    static let postman = make("SECRET-POSTMAN-KEY", "postman-api-key", "Postman API key", severity: .high,
        what: "Finds Postman API keys (`PMAK-` + 24 hex + `-` + 34 hex).",
        example: "POSTMAN_API_KEY = \"PMAK-...\"",
        revoke: "Revoke the key in Postman (Settings > API keys).",
        references: ["https://learning.postman.com/docs/developer/postman-api/authentication/"])
    static let linear = make("SECRET-LINEAR-KEY", "linear-api-key", "Linear API key", severity: .high,
        what: "Finds Linear personal API keys (`lin_api_` + 40 characters).",
        example: "LINEAR_API_KEY = \"lin_api_...\"",
        revoke: "Revoke the key in Linear (Settings > Account > Security & access > Personal API keys).",
        references: ["https://developers.linear.app/docs/graphql/working-with-the-graphql-api#personal-api-keys"])
    static let doppler = make("SECRET-DOPPLER-TOKEN", "doppler-token", "Doppler token", severity: .critical,
        what: "Finds Doppler personal, service, CLI, service-account, SCIM and audit tokens (`dp.pt.`, `dp.st.`, `dp.ct.`, `dp.sa.`, `dp.scim.`, `dp.audit.`); a service token opens every secret of its config.",
        example: "DOPPLER_TOKEN = \"dp.st.prd...\"",
        revoke: "Revoke the token in the Doppler dashboard (Access for service tokens, Tokens for personal ones) or with `doppler configs tokens revoke`.",
        references: ["https://docs.doppler.com/docs/token-formats"])
    static let vault = make("SECRET-VAULT-TOKEN", "vault-token", "HashiCorp Vault token", severity: .critical,
        what: "Finds HashiCorp Vault service and batch tokens (`hvs.`, `hvb.`).",
        example: "VAULT_TOKEN = \"hvs....\"",
        revoke: "Revoke the token with `vault token revoke <token>` (or revoke its accessor) and review the audit log.",
        references: ["https://developer.hashicorp.com/vault/docs/concepts/tokens"])
    static let age = make("SECRET-AGE-KEY", "age-secret-key", "age secret key", severity: .critical,
        what: "Finds age encryption identities (`AGE-SECRET-KEY-1` + 58 bech32 characters), which decrypt every file encrypted to the key (SOPS files included).",
        example: "AGE-SECRET-KEY-1...",
        revoke: "Generate a new identity with `age-keygen`, re-encrypt every file (and SOPS file) to the new recipient, and remove the old recipient.",
        references: ["https://github.com/FiloSottile/age"])
    static let square = make("SECRET-SQUARE-TOKEN", "square-token", "Square access token or OAuth secret", severity: .critical,
        what: "Finds Square access tokens (`EAAA` + 60 characters, `sq0atp-`) and OAuth application secrets (`sq0csp-`).",
        example: "SQUARE_ACCESS_TOKEN = \"EAAA...\"",
        revoke: "Revoke the token in the Square Developer Dashboard (Credentials > Replace) or with the OAuth RevokeToken endpoint.",
        references: ["https://developer.squareup.com/docs/build-basics/access-tokens"])
    static let braintree = make("SECRET-BRAINTREE-TOKEN", "braintree-access-token", "PayPal Braintree access token", severity: .critical,
        what: "Finds PayPal Braintree production access tokens (`access_token$production$...`).",
        example: "BRAINTREE_TOKEN = \"access_token$production$...\"",
        revoke: "Revoke the access token in the Braintree Control Panel (or PayPal developer dashboard) and issue a new one.",
        references: ["https://developer.paypal.com/braintree/docs/guides/authorization/access-token"])
    static let supabase = make("SECRET-SUPABASE-KEY", "supabase-key", "Supabase access token or secret key", severity: .critical,
        what: "Finds Supabase personal access tokens (`sbp_` + 40 hex digits) and secret API keys (`sb_secret_`). Service-role keys are JWTs (`SECRET-JWT`).",
        example: "SUPABASE_ACCESS_TOKEN = \"sbp_...\"",
        revoke: "Revoke the token at https://supabase.com/dashboard/account/tokens, or roll the secret key in Project Settings > API Keys.",
        references: ["https://supabase.com/docs/guides/api/api-keys"])
    static let mailchimp = make("SECRET-MAILCHIMP-KEY", "mailchimp-api-key", "Mailchimp API key", severity: .high,
        what: "Finds Mailchimp API keys (32 hex digits + `-us` + data-centre number).",
        example: "MAILCHIMP_API_KEY = \"0123...-us21\"",
        revoke: "Disable the key in Mailchimp (Account > Extras > API keys) and create a new one.",
        references: ["https://mailchimp.com/help/about-api-keys/"])
    static let heroku = make("SECRET-HEROKU-KEY", "heroku-api-key", "Heroku API key", severity: .critical,
        what: "Finds Heroku API keys: `HRKU-AA` + 58 characters, or a UUID assigned to a name containing `heroku`.",
        example: "HEROKU_API_KEY = \"HRKU-AA...\"",
        revoke: "Regenerate the API key in Heroku (Account settings > API Key > Regenerate) or revoke the authorization with `heroku authorizations:revoke`.",
        references: ["https://devcenter.heroku.com/articles/authentication"])
    static let twilio = make("SECRET-TWILIO-KEY", "twilio-api-key", "Twilio API key", severity: .high,
        what: "Finds Twilio API key SIDs (`SK` + 32 hex digits), which come with a secret in the same configuration.",
        example: "TWILIO_API_KEY = \"SK...\"",
        revoke: "Delete the API key in the Twilio Console (Account > API keys & tokens), and rotate the auth token if it is nearby.",
        references: ["https://www.twilio.com/docs/iam/api-keys"])
    static let mailgun = make("SECRET-MAILGUN-KEY", "mailgun-api-key", "Mailgun API key", severity: .high,
        what: "Finds Mailgun private API keys (`key-` + 32 hex digits).",
        example: "MAILGUN_API_KEY = \"key-...\"",
        revoke: "Delete the key in Mailgun (Settings > API Keys) and create a new one.",
        references: ["https://documentation.mailgun.com/docs/mailgun/user-manual/api-key-mgmt/"])
    static let sentry = make("SECRET-SENTRY-TOKEN", "sentry-auth-token", "Sentry auth token", severity: .high,
        what: "Finds Sentry user auth tokens (`sntryu_` + 64 hex digits) and organisation tokens (`sntrys_`). A DSN's public key is not reported: it is meant for clients.",
        example: "SENTRY_AUTH_TOKEN = \"sntryu_...\"",
        revoke: "Revoke the token in Sentry (User settings > Auth Tokens, or Organization settings > Auth Tokens).",
        references: ["https://docs.sentry.io/account/auth-tokens/"])
    static let azureClientSecret = make("SECRET-AZURE-CLIENT-SECRET", "azure-ad-client-secret", "Azure AD (Entra ID) client secret", severity: .critical,
        what: "Finds Microsoft Entra ID (Azure AD) application client secrets (3 characters, a digit, `Q~`, 31 to 34 characters).",
        example: "AZURE_CLIENT_SECRET = \"abc8Q~...\"",
        revoke: "Delete the secret under App registrations > the app > Certificates & secrets, and create a new one.",
        references: ["https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials"])
    static let azureStorage = make("SECRET-AZURE-STORAGE-KEY", "azure-storage-account-key", "Azure storage account key", severity: .critical,
        what: "Finds Azure storage account keys in connection strings (`AccountKey=` + 86 base64 characters + `==`).",
        example: "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...==",
        revoke: "Rotate the key in the Azure portal (Storage account > Access keys > Rotate key) and prefer Entra ID or SAS tokens with an expiry.",
        references: ["https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage"])
    static let discordWebhook = make("SECRET-DISCORD-WEBHOOK", "discord-webhook", "Discord webhook URL", severity: .medium,
        what: "Finds Discord webhook URLs (`https://discord.com/api/webhooks/<id>/<token>`), which let anyone post to the channel.",
        example: "WEBHOOK = \"https://discord.com/api/webhooks/...\"",
        revoke: "Delete the webhook in the channel's settings (Integrations > Webhooks) and create a new one.",
        references: ["https://discord.com/developers/docs/resources/webhook"])
    static let grafana = make("SECRET-GRAFANA-TOKEN", "grafana-token", "Grafana service account or Cloud token", severity: .high,
        what: "Finds Grafana service account tokens (`glsa_`) and Grafana Cloud access policy tokens (`glc_`).",
        example: "GRAFANA_TOKEN = \"glsa_...\"",
        revoke: "Delete the token in Grafana (Administration > Service accounts) or in the Grafana Cloud portal (Access policies).",
        references: ["https://grafana.com/docs/grafana/latest/administration/service-accounts/"])
    static let googleOAuthSecret = make("SECRET-GOOGLE-OAUTH-SECRET", "google-oauth-client-secret", "Google OAuth client secret", severity: .high,
        what: "Finds Google OAuth 2.0 client secrets (`GOCSPX-` + 28 characters).",
        example: "GOOGLE_CLIENT_SECRET = \"GOCSPX-...\"",
        revoke: "Reset or delete the secret in Google Cloud Console (APIs & Services > Credentials > the OAuth client > Reset secret).",
        references: ["https://support.google.com/cloud/answer/6158849"])
    static let stripeTest = make("SECRET-STRIPE-TEST-KEY", "stripe-test-key", "Stripe test-mode secret key", severity: .low,
        what: "Finds Stripe test-mode secret and restricted keys (`sk_test_`, `rk_test_`): they move no money but read and change the account's test data and settings.",
        example: "STRIPE_SECRET_KEY = \"sk_test_...\"",
        revoke: "Roll the key in the Stripe dashboard (Developers > API keys, test mode > Roll key).",
        references: ["https://stripe.com/docs/keys"])
    static let stripeWebhook = make("SECRET-STRIPE-WEBHOOK-SECRET", "stripe-webhook-secret", "Stripe webhook signing secret", severity: .high,
        what: "Finds Stripe webhook endpoint signing secrets (`whsec_` + 32 or more characters); with one, anyone can forge events your endpoint trusts.",
        example: "STRIPE_WEBHOOK_SECRET = \"whsec_...\"",
        revoke: "Roll the endpoint's signing secret in the Stripe dashboard (Developers > Webhooks > the endpoint > Roll secret).",
        references: ["https://stripe.com/docs/webhooks#verify-events"])

    static let catalog: [SecretRule] = [
        awsAccessKey, awsSecretKey, github, githubFineGrained, gitlab, slack, slackWebhook, stripe, google, sendgrid, npm, pypi,
        openai, anthropic, digitalocean, shopify, telegram, jwt, privateKey, urlPassword, frameworkKey, generic,
        huggingface, databricks, atlassian, newRelic, postman, linear, doppler, vault, age, square, braintree, supabase, mailchimp,
        heroku, twilio, mailgun, sentry, azureClientSecret, azureStorage, discordWebhook, grafana, googleOAuthSecret, stripeTest, stripeWebhook,
    ]
}
