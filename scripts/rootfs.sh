#!/bin/sh
# rootfs.sh BINARY CONFIG DIR - lays out in DIR the files a FROM scratch
# image needs to run BINARY: the binary, each shared library ldd says it
# loads (under the same path), the Debian copyright file of the package
# each comes from, the default config, and a passwd entry for user 10001.
set -eu
bin=$1 config=$2 root=$3

mkdir -p "$root/usr/local/bin" "$root/etc/modelscale" \
         "$root/usr/share/doc"
cp "$bin" "$root/usr/local/bin/modelscale"
cp "$config" "$root/etc/modelscale/modelscale.json"
ldd "$bin" | awk '/=> \// {print $3} /^[[:space:]]*\/lib/ {print $1}' |
while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
  # dpkg knows a library by the path its package installed it under,
  # which under usrmerge may be the link or the target
  pkg=$( { dpkg -S "$lib" || dpkg -S "$(readlink -f "$lib")"; } 2>/dev/null |
        cut -d: -f1 | head -1)
  if [ -n "$pkg" ] && [ -f "/usr/share/doc/$pkg/copyright" ]; then
    mkdir -p "$root/usr/share/doc/$pkg"
    cp "/usr/share/doc/$pkg/copyright" "$root/usr/share/doc/$pkg/"
  fi
done
echo "modelscale:x:10001:10001:modelscale:/:/usr/local/bin/modelscale" \
  > "$root/etc/passwd"
echo "modelscale:x:10001:" > "$root/etc/group"
