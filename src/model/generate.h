/* A realistic plan of any size for benchmarks and tests: N initiatives over
 * four directions, one to three projects each across 30 sections of 8
 * bureaus, five fiscal years of answers of the seed's lengths. The same seed
 * gives the same plan. */
#ifndef MODEL_GENERATE_H
#define MODEL_GENERATE_H
#include <stdint.h>

/* The plan in the seed's JSON form (model/plan_json.h reads it). Returns a
 * malloc'd string the caller frees. */
char *plan_generate_json(int initiatives, uint64_t seed);

#endif
