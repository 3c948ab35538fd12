{
  "targets": [
    {
      "target_name": "catena_linalg",
      "sources": ["native/catena_linalg.c"],
      "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-llapacke", "-lopenblas", "-lpthread"]
    }
  ]
}
