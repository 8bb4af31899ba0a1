package dev.cnimetrics.netns.setns;

import dev.cnimetrics.netns.sys.LibC;

/**
 * How the worker thread changes its network namespace. Production uses {@link #REAL}; the seam
 * exists so a test can make the return to the host fail, which no real setup can cause on demand.
 */
interface NsSwitch {
  /** Enters the namespace open as {@code podFd}; 0, or the errno of the failure. */
  int enter(int podFd);

  /** Returns to the namespace open as {@code homeFd}; 0, or the errno of the failure. */
  int leave(int homeFd);

  NsSwitch REAL =
      new NsSwitch() {
        @Override
        public int enter(int podFd) {
          return setns(podFd);
        }

        @Override
        public int leave(int homeFd) {
          return setns(homeFd);
        }

        private int setns(int fd) {
          return LibC.setns(fd, LibC.CLONE_NEWNET) == 0 ? 0 : LibC.errno();
        }
      };
}
