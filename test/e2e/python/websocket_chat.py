"""Chat with examples/websocket.ts through Python's websocket-client.

The URL of the example's socket is in WS_URL. Prints "chat ok" when every
check passed; any failed check raises (a non-zero exit).
"""
import os
import re

import websocket

URL = os.environ["WS_URL"]
TIME = r"\[<i>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</i>\]"
ANSWERS = {"Hmm", "Yee", "Ok", "Really?", "Never mind", "You are best!",
           "😀", "😉", "☺", "😎", "👌", "👍", "🤔", "👏", "🤩", "..."}

# websocket-client sends an Origin of the server it connects to: the
# example's sameOrigin() check admits it
ws = websocket.create_connection(URL, timeout=30)
greeting = ws.recv()
assert re.fullmatch(TIME + r" Hello", greeting), greeting

for message in ["Ahoj, světe!", "<img src=x onerror=alert(1)>", "  padded  "]:
    ws.send(message)
    echo = ws.recv()
    reply = ws.recv()
    expected = (message.strip().replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;"))
    assert re.fullmatch(TIME + r" <b>(.*)</b>", echo), echo
    assert re.fullmatch(TIME + r" <b>(.*)</b>", echo).group(1) == expected, echo
    assert re.fullmatch(TIME + r" (.*)", reply).group(1) in ANSWERS, reply

# an empty (blank) message gets no answer: the next answer is the next message's
ws.send("   ")
ws.send("after blank")
assert ws.recv().endswith("<b>after blank</b>")
ws.recv()

# a ping is answered with a pong carrying the same data
ws.ping("are you there")
opcode, frame = ws.recv_data_frame(True)
assert opcode == websocket.ABNF.OPCODE_PONG, opcode
assert frame.data == b"are you there", frame.data

ws.close(status=1000)
print("chat ok")
