{
  "targets": [
    {
      "target_name": "bosun_reaper",
      "sources": ["reaper.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
