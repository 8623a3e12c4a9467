package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.obj;

import java.util.Map;

/** Secrets Manager secrets in the shapes CloudFormation takes. */
final class Secrets {

  static final int PASSWORD_LENGTH = 32;

  private Secrets() {}

  /**
   * The properties of a secret holding {@code username} and a generated letters-and-digits
   * password.
   */
  static Map<String, Object> generatedLogin(String description, String username) {
    return obj(
        "Description",
        description,
        "GenerateSecretString",
        obj(
            "SecretStringTemplate",
            "{\"username\":\"" + username + "\"}",
            "GenerateStringKey",
            "password",
            "PasswordLength",
            PASSWORD_LENGTH,
            "ExcludePunctuation",
            true));
  }
}
