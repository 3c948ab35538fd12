/*
 * catena_linalg: a small N-API addon over OpenBLAS (CBLAS) and LAPACKE.
 *
 * Every routine works on column-major Float64Array buffers owned by JavaScript, in place, as
 * LAPACK does; the TypeScript layer (src/native-backend.ts) checks shapes before calling here.
 * Synchronous calls run on the calling thread. The *Async calls run on the libuv pool, but the
 * BLAS work itself is moved onto a thread of our own with a 64 MiB stack: threaded OpenBLAS may
 * need more stack than the pool threads have (8 MiB).
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <cblas.h>
#include <lapacke.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BIG_STACK_BYTES (64u * 1024u * 1024u)

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, "CATENA_NATIVE", "N-API call failed: " #call); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

/* ---- argument helpers ------------------------------------------------------------------- */

static int arg_int(napi_env env, napi_value v, int *out) {
  int32_t x;
  if (napi_get_value_int32(env, v, &x) != napi_ok) {
    napi_throw_type_error(env, "CATENA_NATIVE", "expected an integer argument");
    return 0;
  }
  *out = x;
  return 1;
}

static int arg_double(napi_env env, napi_value v, double *out) {
  if (napi_get_value_double(env, v, out) != napi_ok) {
    napi_throw_type_error(env, "CATENA_NATIVE", "expected a number argument");
    return 0;
  }
  return 1;
}

static int arg_bool(napi_env env, napi_value v, int *out) {
  bool b;
  if (napi_get_value_bool(env, v, &b) != napi_ok) {
    napi_throw_type_error(env, "CATENA_NATIVE", "expected a boolean argument");
    return 0;
  }
  *out = b ? 1 : 0;
  return 1;
}

/* A typed array of the given type; its length (in elements) goes to *len. */
static int arg_array(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
  bool is;
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) {
    napi_throw_type_error(env, "CATENA_NATIVE", "expected a typed array argument");
    return 0;
  }
  napi_get_typedarray_info(env, v, &type, len, data, &ab, &off);
  if (type != want) {
    napi_throw_type_error(env, "CATENA_NATIVE",
                          want == napi_float64_array ? "expected a Float64Array" : "expected an Int32Array");
    return 0;
  }
  return 1;
}

static napi_value make_int(napi_env env, int x) {
  napi_value r;
  napi_create_int32(env, x, &r);
  return r;
}

static napi_value make_double(napi_env env, double x) {
  napi_value r;
  napi_create_double(env, x, &r);
  return r;
}

/* ---- jobs: one struct for every routine, so sync and async share the code ---------------- */

typedef enum { JOB_GEMM, JOB_GETRF, JOB_GETRS, JOB_GETRI } job_kind;

typedef struct {
  job_kind kind;
  int transA, transB, m, n, k, lda, ldb, ldc;
  double alpha, beta;
  double *A, *B, *C;
  int *ipiv;
  int info;
  /* async bookkeeping */
  napi_async_work work;
  napi_deferred deferred;
  napi_ref refs[3];
  int nrefs;
} job;

static void run_job(job *j) {
  switch (j->kind) {
    case JOB_GEMM:
      cblas_dgemm(CblasColMajor, j->transA ? CblasTrans : CblasNoTrans, j->transB ? CblasTrans : CblasNoTrans,
                  j->m, j->n, j->k, j->alpha, j->A, j->lda, j->B, j->ldb, j->beta, j->C, j->ldc);
      j->info = 0;
      break;
    case JOB_GETRF:
      j->info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, j->m, j->n, j->A, j->lda, j->ipiv);
      break;
    case JOB_GETRS:
      j->info = LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, j->transA ? 'T' : 'N', j->n, j->k, j->A, j->lda, j->ipiv,
                                    j->B, j->ldb);
      break;
    case JOB_GETRI: {
      /* Query the optimal workspace, then invert. */
      double wq;
      int lwork;
      j->info = LAPACKE_dgetri_work(LAPACK_COL_MAJOR, j->n, j->A, j->lda, j->ipiv, &wq, -1);
      if (j->info != 0) break;
      lwork = (int)wq;
      if (lwork < j->n) lwork = j->n;
      double *work = (double *)malloc(sizeof(double) * (size_t)lwork);
      if (!work) {
        j->info = -1000;
        break;
      }
      j->info = LAPACKE_dgetri_work(LAPACK_COL_MAJOR, j->n, j->A, j->lda, j->ipiv, work, lwork);
      free(work);
      break;
    }
  }
}

static void *thread_main(void *p) {
  run_job((job *)p);
  return NULL;
}

/* Runs the job on a fresh thread with a large stack and waits for it. */
static void run_on_big_stack(job *j) {
  pthread_attr_t attr;
  pthread_t th;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, BIG_STACK_BYTES);
  if (pthread_create(&th, &attr, thread_main, j) != 0) {
    run_job(j); /* could not start a thread: run here rather than fail */
  } else {
    pthread_join(th, NULL);
  }
  pthread_attr_destroy(&attr);
}

static void async_execute(napi_env env, void *data) {
  (void)env;
  run_on_big_stack((job *)data);
}

static void async_complete(napi_env env, napi_status status, void *data) {
  job *j = (job *)data;
  napi_value result;
  if (status == napi_ok) {
    napi_create_int32(env, j->info, &result);
    napi_resolve_deferred(env, j->deferred, result);
  } else {
    napi_value msg;
    napi_create_string_utf8(env, "catena_linalg: async work was cancelled", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &result);
    napi_reject_deferred(env, j->deferred, result);
  }
  for (int i = 0; i < j->nrefs; i++) napi_delete_reference(env, j->refs[i]);
  napi_delete_async_work(env, j->work);
  free(j);
}

/* Either runs the job now and returns its info, or queues it and returns a promise. */
static napi_value finish(napi_env env, job *j, int async, napi_value *keep, int nkeep) {
  if (!async) {
    run_job(j);
    napi_value r = make_int(env, j->info);
    free(j);
    return r;
  }
  napi_value promise, name;
  job *h = (job *)malloc(sizeof(job));
  if (!h) {
    free(j);
    napi_throw_error(env, "CATENA_NATIVE", "out of memory");
    return NULL;
  }
  memcpy(h, j, sizeof(job));
  free(j);
  h->nrefs = nkeep;
  for (int i = 0; i < nkeep; i++) napi_create_reference(env, keep[i], 1, &h->refs[i]);
  napi_create_promise(env, &h->deferred, &promise);
  napi_create_string_utf8(env, "catena_linalg", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, async_execute, async_complete, h, &h->work);
  napi_queue_async_work(env, h->work);
  return promise;
}

static job *new_job(napi_env env, job_kind kind) {
  job *j = (job *)calloc(1, sizeof(job));
  if (!j) napi_throw_error(env, "CATENA_NATIVE", "out of memory");
  else j->kind = kind;
  return j;
}

/* gemm(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc[, async]) */
static napi_value do_gemm(napi_env env, napi_callback_info info, int async) {
  size_t argc = 13;
  napi_value a[13];
  void *pa, *pb, *pc;
  size_t la, lb, lc;
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 13) {
    napi_throw_type_error(env, "CATENA_NATIVE", "gemm takes 13 arguments");
    return NULL;
  }
  job *j = new_job(env, JOB_GEMM);
  if (!j) return NULL;
  if (!arg_bool(env, a[0], &j->transA) || !arg_bool(env, a[1], &j->transB) || !arg_int(env, a[2], &j->m) ||
      !arg_int(env, a[3], &j->n) || !arg_int(env, a[4], &j->k) || !arg_double(env, a[5], &j->alpha) ||
      !arg_array(env, a[6], napi_float64_array, &pa, &la) || !arg_int(env, a[7], &j->lda) ||
      !arg_array(env, a[8], napi_float64_array, &pb, &lb) || !arg_int(env, a[9], &j->ldb) ||
      !arg_double(env, a[10], &j->beta) || !arg_array(env, a[11], napi_float64_array, &pc, &lc) ||
      !arg_int(env, a[12], &j->ldc)) {
    free(j);
    return NULL;
  }
  j->A = (double *)pa;
  j->B = (double *)pb;
  j->C = (double *)pc;
  napi_value keep[3] = {a[6], a[8], a[11]};
  return finish(env, j, async, keep, 3);
}

/* getrf(m, n, A, lda, ipiv) -> info */
static napi_value do_getrf(napi_env env, napi_callback_info info, int async) {
  size_t argc = 5;
  napi_value a[5];
  void *pa, *pi;
  size_t la, li;
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 5) {
    napi_throw_type_error(env, "CATENA_NATIVE", "getrf takes 5 arguments");
    return NULL;
  }
  job *j = new_job(env, JOB_GETRF);
  if (!j) return NULL;
  if (!arg_int(env, a[0], &j->m) || !arg_int(env, a[1], &j->n) ||
      !arg_array(env, a[2], napi_float64_array, &pa, &la) || !arg_int(env, a[3], &j->lda) ||
      !arg_array(env, a[4], napi_int32_array, &pi, &li)) {
    free(j);
    return NULL;
  }
  j->A = (double *)pa;
  j->ipiv = (int *)pi;
  napi_value keep[2] = {a[2], a[4]};
  return finish(env, j, async, keep, 2);
}

/* getrs(trans, n, nrhs, LU, lda, ipiv, B, ldb) -> info */
static napi_value do_getrs(napi_env env, napi_callback_info info, int async) {
  size_t argc = 8;
  napi_value a[8];
  void *pa, *pi, *pb;
  size_t la, li, lb;
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 8) {
    napi_throw_type_error(env, "CATENA_NATIVE", "getrs takes 8 arguments");
    return NULL;
  }
  job *j = new_job(env, JOB_GETRS);
  if (!j) return NULL;
  if (!arg_bool(env, a[0], &j->transA) || !arg_int(env, a[1], &j->n) || !arg_int(env, a[2], &j->k) ||
      !arg_array(env, a[3], napi_float64_array, &pa, &la) || !arg_int(env, a[4], &j->lda) ||
      !arg_array(env, a[5], napi_int32_array, &pi, &li) || !arg_array(env, a[6], napi_float64_array, &pb, &lb) ||
      !arg_int(env, a[7], &j->ldb)) {
    free(j);
    return NULL;
  }
  j->A = (double *)pa;
  j->ipiv = (int *)pi;
  j->B = (double *)pb;
  napi_value keep[3] = {a[3], a[5], a[6]};
  return finish(env, j, async, keep, 3);
}

/* getri(n, LU, lda, ipiv) -> info */
static napi_value do_getri(napi_env env, napi_callback_info info, int async) {
  size_t argc = 4;
  napi_value a[4];
  void *pa, *pi;
  size_t la, li;
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, "CATENA_NATIVE", "getri takes 4 arguments");
    return NULL;
  }
  job *j = new_job(env, JOB_GETRI);
  if (!j) return NULL;
  if (!arg_int(env, a[0], &j->n) || !arg_array(env, a[1], napi_float64_array, &pa, &la) ||
      !arg_int(env, a[2], &j->lda) || !arg_array(env, a[3], napi_int32_array, &pi, &li)) {
    free(j);
    return NULL;
  }
  j->A = (double *)pa;
  j->ipiv = (int *)pi;
  napi_value keep[2] = {a[1], a[3]};
  return finish(env, j, async, keep, 2);
}

static napi_value gemm(napi_env env, napi_callback_info i) { return do_gemm(env, i, 0); }
static napi_value gemmAsync(napi_env env, napi_callback_info i) { return do_gemm(env, i, 1); }
static napi_value getrf(napi_env env, napi_callback_info i) { return do_getrf(env, i, 0); }
static napi_value getrfAsync(napi_env env, napi_callback_info i) { return do_getrf(env, i, 1); }
static napi_value getrs(napi_env env, napi_callback_info i) { return do_getrs(env, i, 0); }
static napi_value getrsAsync(napi_env env, napi_callback_info i) { return do_getrs(env, i, 1); }
static napi_value getri(napi_env env, napi_callback_info i) { return do_getri(env, i, 0); }
static napi_value getriAsync(napi_env env, napi_callback_info i) { return do_getri(env, i, 1); }

/* gemv(trans, m, n, alpha, A, lda, x, beta, y) */
static napi_value gemv(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value a[9];
  int trans, m, n, lda;
  double alpha, beta;
  void *pa, *px, *py;
  size_t la, lx, ly;
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 9) {
    napi_throw_type_error(env, "CATENA_NATIVE", "gemv takes 9 arguments");
    return NULL;
  }
  if (!arg_bool(env, a[0], &trans) || !arg_int(env, a[1], &m) || !arg_int(env, a[2], &n) ||
      !arg_double(env, a[3], &alpha) || !arg_array(env, a[4], napi_float64_array, &pa, &la) ||
      !arg_int(env, a[5], &lda) || !arg_array(env, a[6], napi_float64_array, &px, &lx) ||
      !arg_double(env, a[7], &beta) || !arg_array(env, a[8], napi_float64_array, &py, &ly))
    return NULL;
  cblas_dgemv(CblasColMajor, trans ? CblasTrans : CblasNoTrans, m, n, alpha, (double *)pa, lda, (double *)px, 1, beta,
              (double *)py, 1);
  return NULL;
}

/* gecon(n, LU, lda, anorm) -> reciprocal condition number in the 1-norm */
static napi_value gecon(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  int n, lda;
  double anorm, rcond = 0;
  void *pa;
  size_t la;
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, "CATENA_NATIVE", "gecon takes 4 arguments");
    return NULL;
  }
  if (!arg_int(env, a[0], &n) || !arg_array(env, a[1], napi_float64_array, &pa, &la) || !arg_int(env, a[2], &lda) ||
      !arg_double(env, a[3], &anorm))
    return NULL;
  int info_ = LAPACKE_dgecon(LAPACK_COL_MAJOR, '1', n, (double *)pa, lda, anorm, &rcond);
  if (info_ != 0) rcond = -1;
  return make_double(env, rcond);
}

static napi_value setThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  int n;
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 1 || !arg_int(env, a[0], &n)) return NULL;
  openblas_set_num_threads(n);
  return NULL;
}

static napi_value getThreads(napi_env env, napi_callback_info info) {
  (void)info;
  return make_int(env, openblas_get_num_threads());
}

static napi_value config(napi_env env, napi_callback_info info) {
  napi_value r;
  (void)info;
  const char *c = openblas_get_config();
  napi_create_string_utf8(env, c ? c : "", NAPI_AUTO_LENGTH, &r);
  return r;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor d[] = {
      {"gemm", 0, gemm, 0, 0, 0, napi_default, 0},
      {"gemmAsync", 0, gemmAsync, 0, 0, 0, napi_default, 0},
      {"gemv", 0, gemv, 0, 0, 0, napi_default, 0},
      {"getrf", 0, getrf, 0, 0, 0, napi_default, 0},
      {"getrfAsync", 0, getrfAsync, 0, 0, 0, napi_default, 0},
      {"getrs", 0, getrs, 0, 0, 0, napi_default, 0},
      {"getrsAsync", 0, getrsAsync, 0, 0, 0, napi_default, 0},
      {"getri", 0, getri, 0, 0, 0, napi_default, 0},
      {"getriAsync", 0, getriAsync, 0, 0, 0, napi_default, 0},
      {"gecon", 0, gecon, 0, 0, 0, napi_default, 0},
      {"setThreads", 0, setThreads, 0, 0, 0, napi_default, 0},
      {"getThreads", 0, getThreads, 0, 0, 0, napi_default, 0},
      {"config", 0, config, 0, 0, 0, napi_default, 0},
  };
  napi_define_properties(env, exports, sizeof(d) / sizeof(d[0]), d);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
