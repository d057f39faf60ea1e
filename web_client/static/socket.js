// The session WebSocket (protocol version 1): JSON events both ways, microphone
// frames up and persona audio down as binary frames.

export const PROTOCOL_VERSION = 1;

// Turn the path from POST /api/sessions into a ws:// or wss:// URL on this host.
export function websocketUrl(path) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

// `onEvent(object)` receives each JSON event, `onAudio(ArrayBuffer)` each binary
// frame, and `onClose(closeEvent)` the close of the socket, expected or not.
export class SessionSocket {
  constructor(path, { onOpen, onEvent, onAudio, onClose }) {
    this.socket = new WebSocket(websocketUrl(path));
    this.socket.binaryType = "arraybuffer";
    this.framesSent = 0;
    this.socket.onopen = () => {
      this.send({ type: "hello", protocol: PROTOCOL_VERSION });
      onOpen();
    };
    this.socket.onmessage = (message) => {
      if (typeof message.data === "string") {
        let event;
        try {
          event = JSON.parse(message.data);
        } catch (error) {
          console.warn("Pushback: ignored a text frame that is not JSON", message.data);
          return;
        }
        onEvent(event);
      } else {
        onAudio(message.data);
      }
    };
    this.socket.onclose = (closeEvent) => onClose(closeEvent);
  }

  get open() {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(event) {
    if (this.open) {
      this.socket.send(JSON.stringify(event));
    }
  }

  // Send one microphone frame. Frames are dropped while the socket is not open.
  sendFrame(buffer) {
    if (this.open) {
      this.socket.send(buffer);
      this.framesSent += 1;
    }
  }

  close() {
    if (this.socket.readyState === WebSocket.CONNECTING || this.open) {
      this.socket.close(1000, "client closed");
    }
  }
}
