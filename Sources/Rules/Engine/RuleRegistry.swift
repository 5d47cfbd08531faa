import Dataflow
import Findings

/// The catalog: every rule, in id order. This list is the only place a rule is registered;
/// node-kind dispatch, `taintline rules`, `explain` and the generic example test all derive
/// from it (a test checks that every rule declared in Sources/Rules is listed here).
public enum RuleRegistry {
    public static let all: [Rule] = [
        AssertUsed.rule,
        BindAllInterfaces.rule,
        CleartextProtocols.rule,
        DjangoExtra.rule,
        DjangoRawSQL.rule,
        ECBMode.rule,
        EvalUsed.rule,
        ExecUsed.rule,
        FlaskDebugMode.rule,
        HardcodedPasswordArgument.rule,
        HardcodedPasswordDefault.rule,
        HardcodedPasswordString.rule,
        HardcodedTempPath.rule,
        HuggingFaceUnpinned.rule,
        ImportFtplib.rule,
        ImportHttpoxy.rule,
        ImportLxml.rule,
        ImportPickle.rule,
        ImportPycrypto.rule,
        ImportPyghmi.rule,
        ImportSubprocess.rule,
        ImportTelnetlib.rule,
        ImportXmlEtree.rule,
        ImportXmlExpat.rule,
        ImportXmlMinidom.rule,
        ImportXmlPulldom.rule,
        ImportXmlSax.rule,
        ImportXmlrpc.rule,
        InsecureRandom.rule,
        InsecureTempfile.rule,
        Jinja2AutoescapeFalse.rule,
        JWTUnverified.rule,
        LoggingConfigListen.rule,
        MakoTemplates.rule,
        MarkSafe.rule,
        MarkupUnsafe.rule,
        MarshalDeserialization.rule,
        ParamikoExecCommand.rule,
        ParamikoMissingHostKey.rule,
        PartialExecutablePath.rule,
        PermissiveChmod.rule,
        PickleDeserialization.rule,
        PredictableSecret.rule,
        RequestWithoutTimeout.rule,
        RequestsVerifyFalse.rule,
        SNMPInsecureVersion.rule,
        SNMPWeakCryptography.rule,
        SQLStringBuilding.rule,
        SecretTimingCompare.rule,
        SensitiveDataLogged.rule,
        SSLBadDefaults.rule,
        SSLInsecureVersion.rule,
        SSLNoVersion.rule,
        ShellTrueInOtherCall.rule,
        StartProcessWithShell.rule,
        StartProcessWithoutShell.rule,
        SubprocessShellTrue.rule,
        SubprocessWithoutShell.rule,
        TLSVerificationDisabled.rule,
        TarfileExtractAll.rule,
        TorchUnsafeLoad.rule,
        TrojanSource.rule,
        TryExceptPass.rule,
        UnverifiedSSLContext.rule,
        UrlopenUnsafeScheme.rule,
        WeakCipher.rule,
        HardcodedCryptoKey.rule,
        ConstantSalt.rule,
        WeakCryptographicKey.rule,
        WeakHash.rule,
        WeakPasswordHash.rule,
        WildcardInjection.rule,
        XMLUnsafeParser.rule,
        YamlUnsafeLoad.rule,
        // Web: configuration (Web/Configuration)
        CORSAnyOrigin.rule,
        CSRFProtectionDisabled.rule,
        DebugEnabled.rule,
        StackTraceExposure.rule,
        EmptyDatabasePassword.rule,
        DjangoDeploySettings.rule,
        HardcodedSecretKey.rule,
        InsecureCookie.rule,
        InsecureCookieSettings.rule,
        // Web: request data reaching a sink (Web/RequestData)
        NoSQLInjection.rule,
        OpenRedirect.rule,
        HeaderInjection.rule,
        TrustBoundary.rule,
        PlaintextPasswordStorage.rule,
        HardcodedJWTKey.rule,
        ClientControlledAuthorization.rule,
        MissingAuthentication.rule,
        InsecureDirectObjectReference.rule,
        CodeInjection.rule,
        LogInjection.rule,
        PathTraversal.rule,
        ServerSideRequestForgery.rule,
        CommandInjection.rule,
        LDAPInjection.rule,
        XPathInjection.rule,
        RegexInjection.rule,
        MassAssignment.rule,
        ReflectedXSS.rule,
        TemplateInjection.rule,
        UploadFilename.rule,
        UploadSizeLimit.rule,
    ].sorted { $0.id < $1.id }

    /// The descriptors of every rule, in id order.
    public static var descriptors: [RuleDescriptor] { all.map(\.descriptor) }

    /// The rule with this id or alias (`TL-B602`, `B602`, `S602`; case-insensitive).
    public static func rule(named key: String) -> Rule? {
        let wanted = key.uppercased()
        return all.first { $0.id.uppercased() == wanted }
            ?? all.first { $0.descriptor.aliases.contains { $0.uppercased() == wanted } }
    }

    /// Rule ids a suppression token (`B602`, `S602`, `TL-B602`) names; empty when unknown.
    public static func ids(matching token: String) -> [String] {
        let wanted = token.uppercased()
        return all.filter { $0.id.uppercased() == wanted || $0.descriptor.aliases.contains { $0.uppercased() == wanted } }.map(\.id)
    }
}
