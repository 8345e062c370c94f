{
  "targets": [
    {
      "target_name": "bosun_native",
      "sources": ["reaper.c", "vaultdecode.c", "vaultopen.c", "spawn.c"],
      "cflags": ["-O3", "-Wall", "-Wextra"]
    }
  ]
}
