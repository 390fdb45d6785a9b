/* sha256.h — SHA-256 (FIPS 180-4, sha256.c), for the hand-edit guard
 * (fsio.h), the response cache's keys, the outline key and the slot
 * lock names. */
#ifndef CG_SHA256_H
#define CG_SHA256_H
#include <stddef.h>

/* SHA-256 of buf: the digest, and in hex into out[65]. */
void  cg_sha256(const void *buf, size_t len, unsigned char md[32]);
void  cg_sha256_hex(const void *buf, size_t len, char out[65]);

#endif
