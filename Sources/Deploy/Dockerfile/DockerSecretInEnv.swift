import Findings

/// `ENV DB_PASSWORD=...` or `ARG API_TOKEN=...` with a literal value.
enum DockerSecretInEnv {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-SECRET-ENV", name: "dockerfile-secret-in-env-or-arg", summary: "Credential written into ENV or ARG",
        severity: .high, confidence: .medium, owasp: .a07, cwe: 798, kind: .dockerfile,
        what: "Finds `ENV` and `ARG` instructions that give a variable named like a credential (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `API_KEY`, `*_KEY`, `DB_PASS`) a literal value, in every stage. Not reported: an `ARG` without a default (the value comes from `--build-arg`), a value that refers to another variable (`${DB_PASSWORD}`), truth values and numbers, paths (`SECRET_KEY_FILE=/run/secrets/key`), placeholders (`changeme`, `<token>`), and names that describe a credential rather than hold it (`GPG_KEY`, `TOKEN_EXPIRY`, `PASSWORD_MIN_LENGTH`). The value is shown redacted.",
        why: "`ENV` values are stored in the image's configuration and `ARG` values in its build history (`docker history`, `docker inspect`): everyone who can pull the image, and every registry and cache it passes through, can read them. The Dockerfile in the repository holds them in clear too.",
        example: "ENV DATABASE_PASSWORD=s3cr3t-Pa55\nARG NPM_TOKEN=npm_abcdefghijklmnop",
        useInstead: "# build time: a secret mount, never stored in a layer\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n# run time: give it to the container (docker run -e, compose secrets, a Kubernetes Secret)",
        references: ["https://docs.docker.com/build/building/secrets/", DeployDoc.dockerCheatSheet, DeployDoc.secretsCheatSheet],
        aliases: ["DL3064"])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python:3.12-slim
        ENV DATABASE_PASSWORD=s3cr3t-Pa55 # error: TL-DEPLOY-DOCKER-SECRET-ENV
        ENV APP_ENV=production \\
            SECRET_KEY="django-insecure-7x!k2@p9#q" # error: TL-DEPLOY-DOCKER-SECRET-ENV
        ENV STRIPE_API_KEY sk_live_0123456789abcdefgh # error: TL-DEPLOY-DOCKER-SECRET-ENV
        ARG NPM_TOKEN=npm_abcdefghijklmnop # error: TL-DEPLOY-DOCKER-SECRET-ENV
        USER 1000
        """),
        DeployExample("""
        FROM python:3.12-slim
        ARG NPM_TOKEN
        ARG DB_PASSWORD
        ENV DB_PASSWORD=${DB_PASSWORD}
        ENV SECRET_KEY_FILE=/run/secrets/django_key
        ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D
        ENV TOKEN_EXPIRY_SECONDS=3600 PASSWORD_MIN_LENGTH=12
        ENV ADMIN_PASSWORD=changeme
        ENV PYTHONDONTWRITEBYTECODE=1 PWD=/app
        USER 1000
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for instruction in dockerfile.instructions where instruction.keyword == "ENV" || instruction.keyword == "ARG" {
            for (name, value) in instruction.assignments() {
                guard let value, SettingNames.holdsCredential(name.text), SettingNames.isLiteralCredential(value.text) else { continue }
                let position = instruction.position(at: name.offset)
                let valuePosition = instruction.position(at: value.offset)
                let redacted = Redaction.redact(value.text)
                let span = file.redaction(of: value.text, line: valuePosition.line, from: valuePosition.column)
                let kind = instruction.keyword == "ENV" ? "stored in the image's configuration" : "stored in the image's build history"
                findings.append(file.finding(descriptor, at: position, endColumn: position.column + name.text.count,
                                             description: "`\(instruction.keyword) \(name.text)` is given a literal credential (\(redacted)), \(kind) for anyone who can pull the image.",
                                             remediation: "Remove the value and rotate it. Pass build-time secrets with `RUN --mount=type=secret,id=...` and run-time ones to the container (environment from a secret store, compose `secrets:`, a Kubernetes Secret).",
                                             redactions: span.map { [$0] } ?? []))
            }
        }
        return findings
    }
}
