/* arch_plan.h - inside the core only: how arch.c and arch_families.c
 * share the breakdown of a shape while it is being counted. */
#ifndef MODELSCALE_ARCH_PLAN_H
#define MODELSCALE_ARCH_PLAN_H

#include <stdint.h>

#include "modelscale/arch.h"

/* Arithmetic that remembers an overflow: once one step overflows, the
 * count is a fault whatever the later steps give. */
struct calc {
    int overflow;
};

static inline uint64_t mul(struct calc *c, uint64_t x, uint64_t y)
{
    uint64_t r;

    if (__builtin_mul_overflow(x, y, &r)) {
        c->overflow = 1;
        return 0;
    }
    return r;
}

static inline uint64_t add(struct calc *c, uint64_t x, uint64_t y)
{
    uint64_t r;

    if (__builtin_add_overflow(x, y, &r)) {
        c->overflow = 1;
        return 0;
    }
    return r;
}

/* What a shape is made of: parts outside the layers, one dense layer,
 * one MoE layer, how many of each, one routed expert, the MTP layers. */
struct plan {
    struct calc c;
    uint64_t head_dim; /* resolved */
    uint64_t top[ARCH_PART_COUNT];
    uint64_t dense[ARCH_PART_COUNT];
    uint64_t moe[ARCH_PART_COUNT];
    uint64_t n_dense;
    uint64_t n_moe;
    uint64_t expert;
    uint64_t mtp;
};

/* Fills p (zeroed, with head_dim resolved) from a, a transformer whose
 * shape arch.c has checked; overflows are left in p->c. */
void arch_plan(const struct arch *a, struct plan *p);

#endif
