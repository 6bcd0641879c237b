/*
 * One HTTP(S) GET against a health endpoint on loopback. The components'
 * health ports serve self-signed certificates, so TLS is not verified here;
 * the kubeconfig (which matters) does verify the apiserver's certificate.
 */
import http from 'node:http';
import https from 'node:https';

export interface ProbeResult {
  status: number;
  body: string;
}

export function httpGet(
  url: string,
  options: { token?: string; timeoutMs?: number } = {},
): Promise<ProbeResult> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      {
        rejectUnauthorized: false,
        timeout: options.timeoutMs ?? 2000,
        headers: options.token
          ? { Authorization: `Bearer ${options.token}` }
          : {},
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

/** True when the URL answers 200. */
export async function isHealthy(url: string, token?: string): Promise<boolean> {
  try {
    return (await httpGet(url, { token })).status === 200;
  } catch {
    return false;
  }
}
