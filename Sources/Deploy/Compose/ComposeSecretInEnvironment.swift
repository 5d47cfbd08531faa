import Findings

/// A credential written in a Compose service's `environment`.
enum ComposeSecretInEnvironment {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-COMPOSE-SECRET-ENV", name: "compose-secret-in-environment", summary: "Credential written in a Compose service's environment",
        severity: .medium, confidence: .medium, owasp: .a07, cwe: 798, kind: .compose,
        what: "Finds `environment:` entries of Compose services, in the mapping (`KEY: value`) and the list (`- KEY=value`) forms, that give a variable named like a credential (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `API_KEY`, `*_KEY`) a literal value. Not reported: substitutions (`${DB_PASSWORD}`, also with a default: `${DB_PASSWORD:-dev}` takes the value from the environment when it is set), entries without a value (`- API_KEY`, passed from the host), placeholders, truth values, numbers and paths (`POSTGRES_PASSWORD_FILE: /run/secrets/db`). The value is shown redacted.",
        why: "The Compose file is committed: the credential is in every clone and in history for good, and it tends to be the very password the published database port accepts. `docker inspect` shows it to anyone on the host.",
        example: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Pa55",
        useInstead: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt   # not committed",
        references: ["https://docs.docker.com/compose/how-tos/use-secrets/", "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/",
                     DeployDoc.secretsCheatSheet],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: app
              POSTGRES_PASSWORD: s3cr3t-Pa55 # error: TL-DEPLOY-COMPOSE-SECRET-ENV
          web:
            image: myapp:1.4
            environment:
              - DJANGO_SECRET_KEY=7x!k2@p9qLm4zR8w # error: TL-DEPLOY-COMPOSE-SECRET-ENV
              - "STRIPE_API_KEY=sk_test_0123456789abcdef" # error: TL-DEPLOY-COMPOSE-SECRET-ENV
              - DEBUG=0
        """, path: "docker-compose.yml"),
        DeployExample("""
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
              POSTGRES_PASSWORD_FILE: /run/secrets/db_password
              REDIS_PASSWORD: ${REDIS_PASSWORD:-dev-only}
              ADMIN_PASSWORD: changeme
              JWT_TOKEN_TTL: 3600
          web:
            image: myapp:1.4
            environment:
              - API_KEY
              - SECRET_KEY=
              - GITHUB_TOKEN=$$NOT_A_SUBSTITUTION_BUT_ESCAPED
        """, path: "compose.yml"),
    ], check: .compose(check))

    static func check(_ compose: ComposeFile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for service in compose.services {
            for variable in service.environment {
                guard let value = variable.value, SettingNames.holdsCredential(variable.name), SettingNames.isLiteralCredential(value),
                      !value.contains("$$") else { continue }
                let span = file.redaction(of: value, line: variable.valuePosition.line, from: variable.valuePosition.column)
                findings.append(file.finding(descriptor, at: variable.namePosition, endColumn: variable.namePosition.column + variable.name.count,
                                             description: "Service `\(service.name)` is given a literal credential in `\(variable.name)` (\(Redaction.redact(value))), committed with the Compose file.",
                                             remediation: "Take it from the environment or an untracked `.env` (`\(variable.name): ${\(variable.name)}`), or use Compose `secrets:` with a `_FILE` variable; rotate the value that was committed.",
                                             redactions: span.map { [$0] } ?? []))
            }
        }
        return findings
    }
}
