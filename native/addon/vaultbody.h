/* The vault body as vaultdecode.c parses it, shared with vaultopen.c. */
#ifndef BOSUN_VAULTBODY_H
#define BOSUN_VAULTBODY_H
#include <stddef.h>
#include <stdint.h>

/* Lines of `width` outer hex digits each but the last, from p; outer_len digits in all. */
struct layout { const uint8_t *p; size_t width, outer_len; };

struct vault_body {
  struct layout layout;
  uint8_t salt[4096];
  size_t salt_len;
  uint8_t hmac[32];
  size_t cipher_x;   /* outer digit where the cipher text starts */
  size_t cipher_len; /* cipher text bytes */
};

/* 1 when p[0..n) is a regular body (as ansible-vault writes it): salt and HMAC parsed. */
int vault_parse_regular(const uint8_t *p, size_t n, struct vault_body *b);
/* Decode the cipher text into dst (cipher_len bytes), on up to `threads` threads; -1 if not hex. */
int vault_decode_cipher(const struct vault_body *b, uint8_t *dst, int threads);

#endif
