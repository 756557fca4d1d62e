// Cloud credentials come from Alibaba Cloud's default chain in
// @alicloud/credentials (environment, OIDC/RRSA, CLI profile, credentials
// file, ECS instance role, credentials URI); the library also refreshes
// expiring ones. This module only creates the chain, checks it once at
// start-up and says where it looked.
import os from 'node:os';
import path from 'node:path';
import credentialsPackage from '@alicloud/credentials';

const Credential = credentialsPackage.default ?? credentialsPackage;
const { DefaultCredentialsProvider } = credentialsPackage;
const STARTUP_TIMEOUT_MS = 15000;

// The library's default chain. Its credentials-URI step is dropped when no
// URI is configured: unconfigured, it would resolve the host name "undefined".
export function createCredential(env = process.env) {
  const chain = DefaultCredentialsProvider.builder().build();
  if (!env.ALIBABA_CLOUD_CREDENTIALS_URI && Array.isArray(chain.providers)) {
    chain.providers = chain.providers.filter((provider) => provider.getProviderName() !== 'credential_uri');
  }
  return new Credential(null, chain);
}

function isTrue(value) {
  return (value ?? '').toLowerCase() === 'true';
}

// Where the default chain looks, in its order, worded for one log line.
export function chainLocations(env = process.env) {
  const home = os.homedir();
  const set = (name) => (env[name] ? `${name} set` : `${name} unset`);
  return [
    `environment (ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET ${env.ALIBABA_CLOUD_ACCESS_KEY_ID && env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ? 'set' : 'unset'}, ALIBABA_CLOUD_SECURITY_TOKEN optional)`,
    `OIDC/RRSA (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE ${env.ALIBABA_CLOUD_ROLE_ARN && env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN && env.ALIBABA_CLOUD_OIDC_TOKEN_FILE ? 'set' : 'unset'})`,
    isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED) ? 'CLI profile (disabled)'
      : `CLI profile (${path.join(home, '.aliyun', 'config.json')})`,
    `credentials file (${env.ALIBABA_CLOUD_CREDENTIALS_FILE || path.join(home, '.alibabacloud', 'credentials')}, profile ${env.ALIBABA_CLOUD_PROFILE || 'default'})`,
    isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED) ? 'ECS instance role (disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED)'
      : `ECS instance role (metadata service${env.ALIBABA_CLOUD_ECS_METADATA ? `, role ${env.ALIBABA_CLOUD_ECS_METADATA}` : ''})`,
    `credentials URI (${set('ALIBABA_CLOUD_CREDENTIALS_URI')})`,
  ];
}

// The library's reasons can quote what a credentials URI answered; keep only
// the part before any quoted answer so no secret reaches a log line.
export function safeReason(error) {
  const text = String(error?.message ?? error).replace(/\s+/g, ' ');
  return text.replace(/(message = |result: ?|result from|: \{).*$/i, '$1…').slice(0, 400);
}

// Resolves with the provider's name, or rejects with one line naming where the chain looked.
export async function checkCredentials(credential, env = process.env) {
  let timer;
  try {
    const model = await Promise.race([
      credential.getCredential(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
      }),
    ]);
    if (!model?.accessKeyId || !model?.accessKeySecret) throw new Error('the chain returned no AccessKey');
    return model.providerName || 'default';
  } catch (error) {
    throw new Error(`no cloud credentials (${safeReason(error)}); looked in: ${chainLocations(env).join('; ')}`);
  } finally {
    clearTimeout(timer);
  }
}

// Every secret value of a credential model, to blank out of anything echoed back.
export function secretsOf(model) {
  return [model?.accessKeyId, model?.accessKeySecret, model?.securityToken].filter((value) => value && value.length >= 4);
}
