# mach.gdb: attach gdb to the kernel under `make debug'.
# Run from the build directory as: gdb -x tools/mach.gdb kernel/mach
# (`make gdb' does that).  The kernel's symbols are loaded from the ELF.
set architecture i386:x86-64
target remote localhost:1234
# Stop where the generic kernel starts; `continue' boots.
break kmain
echo Attached. `continue' runs to kmain; the boot code before it is 32-bit.\n
