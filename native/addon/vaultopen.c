/*
 * Opening a large vault in one native call, with Node's own OpenSSL (the node binary exports
 * it): decoding overlaps the first PBKDF2, and the HMAC check overlaps a speculative AES-CTR
 * pass on a second thread. Plaintext is only handed out after the HMAC matched (constant-time
 * compare) and the padding is valid; a wrong password's output is zeroed. Same result as
 * src/vault/format.ts (decryptParts), ~2x faster on two cores for a 10 MiB vault.
 */
#define _GNU_SOURCE
#define OPENSSL_SUPPRESS_DEPRECATED
#include <node_api.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "vaultbody.h"

#define ITERATIONS 10000
#define KEYS_LEN 80 /* AES key 32 | HMAC key 32 | CTR IV 16 */

struct derive_job { const char *pw; size_t pw_len; const struct vault_body *b; uint8_t keys[KEYS_LEN]; int ok; };

static void *derive(void *arg) {
  struct derive_job *j = arg;
  j->ok = PKCS5_PBKDF2_HMAC(j->pw, (int)j->pw_len, j->b->salt, (int)j->b->salt_len, ITERATIONS, EVP_sha256(), KEYS_LEN, j->keys) == 1;
  return NULL;
}

struct ctr_job { const uint8_t *in; uint8_t *out; size_t n; const uint8_t *keys; int ok; };

static void *ctr_decrypt(void *arg) {
  struct ctr_job *j = arg;
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  int ok = ctx && EVP_DecryptInit_ex(ctx, EVP_aes_256_ctr(), NULL, j->keys, j->keys + 64) == 1;
  for (size_t done = 0; ok && done < j->n;) {
    int chunk = j->n - done > (1u << 30) ? (1 << 30) : (int)(j->n - done), outl = 0;
    ok = EVP_DecryptUpdate(ctx, j->out + done, &outl, j->in + done, chunk) == 1 && outl == chunk;
    done += (size_t)chunk;
  }
  EVP_CIPHER_CTX_free(ctx);
  j->ok = ok;
  return NULL;
}

/* HMAC check and decryption (in parallel); 1 when this key opens it, *plain_len unpadded. */
static int try_keys(const struct vault_body *b, const uint8_t *ct, uint8_t *out, const uint8_t *keys, size_t *plain_len) {
  struct ctr_job dec = { ct, out, b->cipher_len, keys, 0 };
  pthread_t t;
  int threaded = pthread_create(&t, NULL, ctr_decrypt, &dec) == 0;
  uint8_t mac[32]; unsigned mac_len = 0;
  int mac_ok = HMAC(EVP_sha256(), keys + 32, 32, ct, b->cipher_len, mac, &mac_len) != NULL && mac_len == 32 &&
               CRYPTO_memcmp(mac, b->hmac, 32) == 0;
  if (threaded) pthread_join(t, NULL); else ctr_decrypt(&dec);
  if (!mac_ok || !dec.ok || b->cipher_len == 0) return 0;
  uint8_t pad = out[b->cipher_len - 1];
  if (pad < 1 || pad > 16 || pad > b->cipher_len) return 0;
  for (size_t i = b->cipher_len - pad; i < b->cipher_len; i++) if (out[i] != pad) return 0;
  *plain_len = b->cipher_len - pad;
  return 1;
}

/*
 * vaultOpen(bytes, start, passwords: Buffer[]) -> [index, buffer, length] when passwords[index]
 * opens it (plaintext = buffer[0..length)), -1 when none does, null when the body is irregular
 * or not hex (the JavaScript path then decodes it and names the error).
 */
static napi_value js_vault_open(napi_env env, napi_callback_info info) {
  size_t argc = 3; napi_value argv[3], nul, result = NULL;
  napi_get_null(env, &nul);
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) return nul;
  napi_typedarray_type type; size_t len; void *data; napi_value ab; size_t offset; uint32_t start, count;
  if (napi_get_typedarray_info(env, argv[0], &type, &len, &data, &ab, &offset) != napi_ok || type != napi_uint8_array) return nul;
  if (napi_get_value_uint32(env, argv[1], &start) != napi_ok || start > len) return nul;
  if (napi_get_array_length(env, argv[2], &count) != napi_ok || count == 0) return nul;
  struct vault_body *b = malloc(sizeof *b);
  if (!b) return nul;
  if (!vault_parse_regular((const uint8_t *)data + start, len - start, b) || b->cipher_len == 0) { free(b); return nul; }
  uint8_t *ct = malloc(b->cipher_len), *out; napi_value outbuf;
  if (!ct || napi_create_buffer(env, b->cipher_len, (void **)&out, &outbuf) != napi_ok) { free(ct); free(b); return nul; }
  struct derive_job job = { 0 };
  job.b = b;
  int decoded = 0;
  for (uint32_t i = 0; i < count; i++) {
    napi_value pwv; void *pw; size_t pw_len;
    if (napi_get_element(env, argv[2], i, &pwv) != napi_ok || napi_get_buffer_info(env, pwv, &pw, &pw_len) != napi_ok) break;
    job.pw = pw; job.pw_len = pw_len;
    if (!decoded) {
      /* The first password's PBKDF2 runs while the cipher text is decoded. */
      pthread_t t;
      int threaded = pthread_create(&t, NULL, derive, &job) == 0;
      int bad = vault_decode_cipher(b, ct, threaded ? 1 : 2);
      if (threaded) pthread_join(t, NULL); else derive(&job);
      if (bad) break;
      decoded = 1;
    } else {
      derive(&job);
    }
    size_t plain_len;
    if (job.ok && try_keys(b, ct, out, job.keys, &plain_len)) {
      napi_value idx, n;
      napi_create_uint32(env, i, &idx);
      napi_create_double(env, (double)plain_len, &n);
      if (napi_create_array_with_length(env, 3, &result) == napi_ok) {
        napi_set_element(env, result, 0, idx);
        napi_set_element(env, result, 1, outbuf);
        napi_set_element(env, result, 2, n);
      }
      break;
    }
  }
  OPENSSL_cleanse(job.keys, sizeof job.keys);
  free(ct);
  if (!result) {
    OPENSSL_cleanse(out, b->cipher_len);
    if (decoded) napi_create_int32(env, -1, &result); else result = nul;
  }
  free(b);
  return result;
}

void bosun_register_vault_open(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "vaultOpen", NAPI_AUTO_LENGTH, js_vault_open, NULL, &fn) == napi_ok)
    napi_set_named_property(env, exports, "vaultOpen", fn);
}
